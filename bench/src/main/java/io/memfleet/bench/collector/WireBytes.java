package io.memfleet.bench.collector;

import io.memfleet.collector.procfs.ProcfsException;
import io.memfleet.collector.procfs.ProcfsReader;
import io.memfleet.collector.publish.SamplePublisher;
import io.memfleet.collector.sample.HostIdentity;
import io.memfleet.collector.sample.PassResult;
import io.memfleet.collector.sample.PassSampler;
import io.memfleet.schema.SampleRecord;
import io.memfleet.schema.codec.WireFormat;
import io.memfleet.schema.kafka.SampleRecordSerde;
import io.memfleet.schema.kafka.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * What a changed pass and an unchanged pass put on Kafka, measured three ways: the serialized
 * record values (what the codec made, as the broker acknowledged them), the producer's
 * {@code outgoing-byte-total} (zstd-compressed batches plus request framing), and the growth of
 * the topic's log segments on the broker (the compressed batches as stored).
 */
final class WireBytes {

    /** Bytes of one pass. */
    record PassBytes(int records, long valueBytes, long producerBytes, long logBytes) {
    }

    /** The first pass (every mapping list) and the next (digests only), in one format. */
    record Result(WireFormat format, PassBytes changed, PassBytes unchanged) {
    }

    private WireBytes() {
    }

    /**
     * Two passes of a fresh sampler, each published with the collector's producer settings and
     * flushed before the next.
     */
    static Result measure(String bootstrapServers, Path brokerDataDir, WireFormat format) throws ProcfsException {
        ProcfsReader reader = new ProcfsReader();
        PassSampler sampler = new PassSampler(reader,
                new HostIdentity("memfleet-bench-" + format.name().toLowerCase(java.util.Locale.ROOT),
                        reader.bootId(), reader.hostname()),
                UUID.randomUUID().toString(), Duration.ZERO, System::currentTimeMillis, new AtomicLong());
        Map<String, Object> config = SamplePublisher.producerConfig(bootstrapServers,
                "memfleet-bench-" + format.name().toLowerCase(java.util.Locale.ROOT), Map.of());
        try (Producer<String, SampleRecord> producer = new KafkaProducer<>(config, new StringSerializer(),
                new SampleRecordSerde(format).serializer())) {
            producer.partitionsFor(Topics.SAMPLES); // metadata now, so its bytes do not count against a pass
            PassBytes changed = publish(producer, sampler, brokerDataDir);
            PassBytes unchanged = publish(producer, sampler, brokerDataDir);
            return new Result(format, changed, unchanged);
        }
    }

    private static PassBytes publish(Producer<String, SampleRecord> producer, PassSampler sampler, Path dataDir) {
        PassResult pass = sampler.sample();
        long logBefore = logBytes(dataDir);
        double outBefore = outgoingBytes(producer);
        AtomicLong values = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        int records = 0;
        for (SampleRecord record : pass.records()) {
            send(producer, record, values, failed);
            records++;
        }
        send(producer, sampler.heartbeat(pass.summary(), 10_000, "bench", 0, 0, 0, 0), values, failed);
        records++;
        producer.flush();
        if (failed.get() > 0) {
            throw new IllegalStateException(failed.get() + " of " + records + " records were not acknowledged by the "
                    + "embedded broker");
        }
        return new PassBytes(records, values.get(), Math.round(outgoingBytes(producer) - outBefore),
                logBytes(dataDir) - logBefore);
    }

    private static void send(Producer<String, SampleRecord> producer, SampleRecord record, AtomicLong values,
                             AtomicLong failed) {
        producer.send(new ProducerRecord<>(Topics.SAMPLES, record.hostId(), record), (metadata, e) -> {
            if (e == null) {
                values.addAndGet(metadata.serializedValueSize());
            } else {
                failed.incrementAndGet();
            }
        });
    }

    static double outgoingBytes(Producer<?, ?> producer) {
        for (Map.Entry<MetricName, ? extends Metric> metric : producer.metrics().entrySet()) {
            MetricName name = metric.getKey();
            if (name.name().equals("outgoing-byte-total") && name.group().equals("producer-metrics")) {
                return ((Number) metric.getValue().metricValue()).doubleValue();
            }
        }
        return Double.NaN;
    }

    /** Total size of the samples topic's log segments under the broker's data directory. */
    static long logBytes(Path dataDir) {
        try (Stream<Path> files = Files.walk(dataDir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".log")
                            && f.getParent().getFileName().toString().startsWith(Topics.SAMPLES + "-"))
                    .mapToLong(f -> {
                        try {
                            return Files.size(f);
                        } catch (IOException e) {
                            return 0;
                        }
                    })
                    .sum();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the broker's log directory " + dataDir, e);
        }
    }
}
