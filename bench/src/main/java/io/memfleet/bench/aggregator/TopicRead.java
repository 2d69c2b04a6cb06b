package io.memfleet.bench.aggregator;

import io.memfleet.bench.report.Machine;
import io.memfleet.schema.ProcessSample;
import io.memfleet.schema.SampleRecord;
import io.memfleet.schema.codec.WireFormat;
import io.memfleet.schema.kafka.SampleRecordSerde;
import io.memfleet.schema.kafka.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The baseline: a plain KafkaConsumer reading a range of {@code memfleet.samples} and decoding every
 * record with the samples serde, doing nothing with it. The floor the aggregator is compared with.
 */
final class TopicRead {

    /** What one read took. */
    record Result(long records, long samples, long bytes, long nanos, long cpuNanos) {
        double samplesPerSecond() {
            return samples / (nanos / 1e9);
        }
    }

    private TopicRead() {
    }

    /** Reads every partition from {@code from} (inclusive) to {@code to} (exclusive) offsets. */
    static Result read(String bootstrapServers, Map<TopicPartition, Long> from, Map<TopicPartition, Long> to) {
        Map<String, Object> settings = new HashMap<>();
        settings.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // The aggregator reads read_committed under exactly_once_v2; the baseline reads the same way.
        settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<String, SampleRecord> consumer = new KafkaConsumer<>(settings, new StringDeserializer(),
                new SampleRecordSerde(WireFormat.JSON).deserializer())) {
            List<TopicPartition> partitions = new ArrayList<>(to.keySet());
            consumer.assign(partitions);
            Map<TopicPartition, Long> remaining = new HashMap<>();
            for (TopicPartition partition : partitions) {
                long start = from.getOrDefault(partition, 0L);
                consumer.seek(partition, start);
                if (to.get(partition) > start) {
                    remaining.put(partition, to.get(partition));
                } else {
                    consumer.pause(List.of(partition));
                }
            }
            long records = 0;
            long samples = 0;
            long bytes = 0;
            long started = System.nanoTime();
            long cpu = Machine.processCpuNanos();
            while (!remaining.isEmpty()) {
                for (ConsumerRecord<String, SampleRecord> record : consumer.poll(Duration.ofMillis(200))) {
                    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                    Long end = remaining.get(partition);
                    if (end == null || record.offset() >= end) {
                        continue;
                    }
                    records++;
                    bytes += record.serializedValueSize();
                    if (record.value() instanceof ProcessSample) {
                        samples++;
                    }
                    if (record.offset() + 1 >= end) {
                        remaining.remove(partition);
                        consumer.pause(List.of(partition));
                    }
                }
            }
            return new Result(records, samples, bytes, System.nanoTime() - started,
                    Machine.processCpuNanos() - cpu);
        }
    }

    static Map<TopicPartition, Long> endOffsets(String bootstrapServers, int partitions) {
        Map<String, Object> settings = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(settings,
                new org.apache.kafka.common.serialization.ByteArrayDeserializer(),
                new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
            List<TopicPartition> all = new ArrayList<>();
            for (int p = 0; p < partitions; p++) {
                all.add(new TopicPartition(Topics.SAMPLES, p));
            }
            return new HashMap<>(consumer.endOffsets(all, Duration.ofSeconds(30)));
        }
    }
}
