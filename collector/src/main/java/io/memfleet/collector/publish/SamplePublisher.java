package io.memfleet.collector.publish;

import io.memfleet.schema.SampleRecord;
import io.memfleet.schema.codec.WireFormat;
import io.memfleet.schema.kafka.SampleRecordSerde;
import io.memfleet.schema.kafka.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a collector's records to {@code memfleet.samples}, key = hostId, and counts what Kafka
 * acknowledged and what it did not. The producer is set up not to lose or duplicate: all in-sync
 * replicas acknowledge, idempotence on; batches are compressed because maps text compresses well.
 */
public final class SamplePublisher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SamplePublisher.class);

    private final Producer<String, SampleRecord> producer;
    private final String bootstrapServers;
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong acknowledgedBytes = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicReference<Exception> firstFailure = new AtomicReference<>();
    private volatile boolean closed;

    public SamplePublisher(Map<String, Object> producerConfig, WireFormat format) {
        this.bootstrapServers = String.valueOf(producerConfig.get(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG));
        this.producer = new KafkaProducer<>(producerConfig, new StringSerializer(),
                new SampleRecordSerde(format).serializer());
    }

    /**
     * The producer settings: our no-loss defaults, then the operator's {@code kafka.*} overrides
     * (TLS, SASL, tuning), then the bootstrap servers.
     */
    public static Map<String, Object> producerConfig(String bootstrapServers, String clientId,
                                                     Map<String, Object> overrides) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd");
        // A pass produces a burst of records; a short linger batches them per partition.
        config.put(ProducerConfig.LINGER_MS_CONFIG, 50);
        // Do not stall a sampling pass for a minute when the brokers are unreachable.
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        config.putAll(overrides);
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return config;
    }

    /**
     * Checks that the topic's metadata can be had, waiting up to the producer's
     * {@code max.block.ms}. Fails with a message that names the brokers and the topic.
     */
    public void awaitTopic() {
        try {
            producer.partitionsFor(Topics.SAMPLES);
        } catch (RuntimeException e) {
            throw new PublishException("cannot publish to topic " + Topics.SAMPLES + " on Kafka at " + bootstrapServers
                    + ": " + e.getMessage() + " (is the broker up, and does the topic exist?)", e);
        }
    }

    /** Sends asynchronously; the outcome shows in {@link #acknowledged()} and {@link #failed()}. */
    public void send(SampleRecord record) {
        producer.send(new ProducerRecord<>(Topics.SAMPLES, record.hostId(), record), (metadata, exception) -> {
            if (exception == null) {
                acknowledged.incrementAndGet();
                acknowledgedBytes.addAndGet(Math.max(0, metadata.serializedValueSize()));
                return;
            }
            failed.incrementAndGet();
            if (firstFailure.compareAndSet(null, exception)) {
                // Logged once: a broker outage would otherwise log one line per record.
                LOG.warn("Kafka did not accept a record ({}): {}; further failures are only counted",
                        exception instanceof RetriableException ? "retriable, gave up after delivery.timeout.ms"
                                : "fatal", exception.toString());
            }
        });
    }

    /** Blocks until every record sent so far is acknowledged or has failed. */
    public void flush() {
        producer.flush();
    }

    public long acknowledged() {
        return acknowledged.get();
    }

    public long acknowledgedBytes() {
        return acknowledgedBytes.get();
    }

    public long failed() {
        return failed.get();
    }

    /** The first delivery failure of this run, or null. */
    public Exception firstFailure() {
        return firstFailure.get();
    }

    /** Flushes what is in flight (up to {@code timeout}) and closes. Idempotent. */
    public void close(Duration timeout) {
        if (closed) {
            return;
        }
        closed = true;
        producer.close(timeout);
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(30));
    }
}
