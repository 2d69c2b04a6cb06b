package io.memfleet.bench.aggregator;

import io.memfleet.schema.SampleRecord;
import io.memfleet.schema.codec.WireFormat;
import io.memfleet.schema.kafka.SampleRecordSerde;
import io.memfleet.schema.kafka.Topics;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes synthetic passes to {@code memfleet.samples} the way collectors do (key = host id, the
 * collector's producer settings), with each record's timestamp its {@code sampledAt}.
 */
final class FleetProducer implements AutoCloseable {

    private final KafkaProducer<String, SampleRecord> producer;
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private long records;
    private long samples;

    FleetProducer(String bootstrapServers, WireFormat format) {
        Map<String, Object> settings = new HashMap<>();
        settings.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        settings.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd");
        settings.put(ProducerConfig.LINGER_MS_CONFIG, 50);
        // Bigger batches than one collector's: here one producer fills the topic for a whole fleet.
        settings.put(ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024);
        settings.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 128L * 1024 * 1024);
        settings.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 8 * 1024 * 1024);
        producer = new KafkaProducer<>(settings, new StringSerializer(), new SampleRecordSerde(format).serializer());
    }

    /** Sends one pass of every host of the fleet (hosts in order, each host's records in order). */
    void sendPass(SyntheticFleet fleet, int pass) {
        for (int host = 0; host < fleet.hosts(); host++) {
            for (SampleRecord record : fleet.pass(host, pass)) {
                send(record, fleet.sampledAt(host, pass));
            }
        }
    }

    void send(SampleRecord record, long timestamp) {
        Exception failed = failure.get();
        if (failed != null) {
            throw new IllegalStateException("Kafka did not take a record: " + failed.getMessage(), failed);
        }
        producer.send(new ProducerRecord<>(Topics.SAMPLES, null, timestamp, record.hostId(), record),
                (metadata, e) -> {
                    if (e != null) {
                        failure.compareAndSet(null, e);
                    }
                });
        records++;
        if (record instanceof io.memfleet.schema.ProcessSample) {
            samples++;
        }
    }

    /** Waits until Kafka acknowledged everything sent. */
    void flush() {
        producer.flush();
        Exception failed = failure.get();
        if (failed != null) {
            throw new IllegalStateException("Kafka did not take a record: " + failed.getMessage(), failed);
        }
    }

    long records() {
        return records;
    }

    long samples() {
        return samples;
    }

    @Override
    public void close() {
        producer.close();
    }
}
