package io.memfleet.collector.publish;

import io.memfleet.common.KafkaFailures;
import io.memfleet.schema.HostHeartbeat;
import io.memfleet.schema.MappingsPart;
import io.memfleet.schema.ProcessExit;
import io.memfleet.schema.ProcessSample;
import io.memfleet.schema.SampleRecord;
import io.memfleet.schema.codec.RecordCodec;
import io.memfleet.schema.codec.WireFormat;
import io.memfleet.schema.kafka.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a collector's records to {@code memfleet.samples}, key = hostId, through an on-disk
 * {@link Spool}: {@link #send} serializes and appends; a {@link SpoolSender} thread delivers in
 * order and forgets a record only once Kafka acknowledged it. The producer is set up not to lose
 * or duplicate: all in-sync replicas acknowledge, idempotence on; batches are compressed because
 * maps text compresses well.
 *
 * <p>When the spool's disk is full and the spool cannot make room, a record goes straight to Kafka
 * if Kafka is taking records, and is dropped otherwise; either way its {@code seq} is used, so the
 * aggregator sees the gap, and every record lost is counted ({@link #droppedDiskFull()}, the next
 * heartbeat's {@code recordsDropped}) and summarised once a minute ({@link DiskFullReport}).
 */
public final class SamplePublisher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SamplePublisher.class);
    /** The record types, named as in JSON's {@code recordType}; indexes of the produced counts. */
    public static final List<String> RECORD_TYPES = List.of(ProcessSample.class.getSimpleName(),
            ProcessExit.class.getSimpleName(), HostHeartbeat.class.getSimpleName(), MappingsPart.class.getSimpleName());

    private final RecordCodec codec = new RecordCodec();
    private final WireFormat format;
    private final Producer<byte[], byte[]> producer;
    private final String bootstrapServers;
    private final Spool spool;
    private final SpoolSender sender;
    private final Thread senderThread;
    private final DiskFullReport diskFull;
    /** Records and value bytes serialized into the spool, by {@link #RECORD_TYPES} index. */
    private final AtomicLongArray producedRecords = new AtomicLongArray(RECORD_TYPES.size());
    private final AtomicLongArray producedBytes = new AtomicLongArray(RECORD_TYPES.size());
    private boolean closed;

    public SamplePublisher(Map<String, Object> producerConfig, WireFormat format, Spool spool) {
        this(producerConfig, format, spool, line -> { });
    }

    /**
     * @param onFatal told once, on the sender thread, when Kafka refused the credentials or rights
     *                and delivery stopped for good (a line saying what to change)
     */
    public SamplePublisher(Map<String, Object> producerConfig, WireFormat format, Spool spool,
                           java.util.function.Consumer<String> onFatal) {
        this.format = format;
        this.spool = spool;
        this.bootstrapServers = String.valueOf(producerConfig.get(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG));
        this.producer = new KafkaProducer<>(producerConfig, new ByteArraySerializer(), new ByteArraySerializer());
        this.sender = new SpoolSender(spool, producer, bootstrapServers, onFatal);
        this.diskFull = new DiskFullReport(spool, System::currentTimeMillis, "spool.dir");
        this.senderThread = new Thread(sender, "memfleet-spool-sender");
        senderThread.setDaemon(true);
        senderThread.start();
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
        // Records wait in the spool, not in the producer: give up on an attempt soon and retry from disk.
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        // The spool holds the backlog, and the sender has at most one batch of it in flight: the
        // producer's default 32 MiB of pooled buffers would only add to the collector's RSS.
        config.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 8L * 1024 * 1024);
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
            RuntimeException fatal = KafkaFailures.fatal(e);
            if (fatal != null) {
                throw new PublishException(KafkaFailures.describe(fatal, bootstrapServers), e);
            }
            throw new PublishException("cannot publish to topic " + Topics.SAMPLES + " on Kafka at " + bootstrapServers
                    + ": " + e.getMessage() + " (is the broker up, and does the topic exist?)", e);
        }
    }

    /**
     * Serializes the record and appends it to the spool; delivery happens on the sender thread. If
     * the spool's disk is full, sends it straight to Kafka or drops it, counted: it never throws for that.
     */
    public void send(SampleRecord record) {
        byte[] value = codec.encode((Record) record, format);
        byte[] key = record.hostId().getBytes(StandardCharsets.UTF_8);
        boolean spooled = spool.append(key, format.contentType(), value);
        boolean sentDirect = !spooled && sender.sendDirect(key, format.contentType(), value, diskFull::lostInFlight);
        diskFull.appended(spooled, sentDirect);
        int type = RECORD_TYPES.indexOf(record.getClass().getSimpleName());
        producedRecords.incrementAndGet(type);
        producedBytes.addAndGet(type, value.length);
    }

    /** Records of this type ({@link #RECORD_TYPES}) serialized into the spool in this run. */
    public long produced(String recordType) {
        return producedRecords.get(RECORD_TYPES.indexOf(recordType));
    }

    /** Their value bytes, before compression. */
    public long producedBytes(String recordType) {
        return producedBytes.get(RECORD_TYPES.indexOf(recordType));
    }

    /**
     * Waits until Kafka acknowledged everything sent so far; false if it did not within
     * {@code timeout}, or as soon as delivery stopped for good ({@link #fatalFailure()}).
     */
    public boolean flush(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (spool.awaitEmpty(Math.max(0, Math.min(left, 200)))) {
                return true;
            }
            if (left <= 0 || sender.fatalFailure() != null) {
                return false;
            }
        }
    }

    /** Why delivery stopped for good (Kafka refused the credentials or rights), or null. */
    public String fatalFailure() {
        return sender.fatalFailure();
    }

    /** Records Kafka acknowledged in this run. */
    public long acknowledged() {
        return sender.acknowledged.get();
    }

    /** Payload bytes of those records. */
    public long acknowledgedBytes() {
        return sender.acknowledgedBytes.get();
    }

    /** Delivery attempts that failed and were retried from the spool. */
    public long failedAttempts() {
        return sender.failedAttempts.get();
    }

    /** Records lost for good: dropped by the spool's cap or a full spool disk, or rejected by Kafka as too large. */
    public long dropped() {
        return spool.droppedRecords() + diskFull.dropped() + sender.rejected.get();
    }

    /** Of {@link #dropped()}, the oldest records dropped because the spool reached spool.max.bytes. */
    public long droppedSpoolFull() {
        return spool.droppedRecords();
    }

    /**
     * Of {@link #dropped()}, records lost because the spool's file system was full (or refused the
     * write): not written and not sent, the oldest dropped to make room, or sent straight and not
     * acknowledged.
     */
    public long droppedDiskFull() {
        return diskFull.dropped();
    }

    /** Of {@link #dropped()}, records Kafka rejected as larger than it accepts. */
    public long droppedTooLarge() {
        return sender.rejected.get();
    }

    /** The Kafka producer's own metrics (record-error-total, record-retry-total, ...). */
    public Map<MetricName, ? extends Metric> producerMetrics() {
        return producer.metrics();
    }

    public long pending() {
        return spool.pendingRecords();
    }

    public long spoolBytes() {
        return spool.bytes();
    }

    public Exception lastFailure() {
        return sender.lastFailure();
    }

    /**
     * Gives the sender up to {@code drainTimeout} to deliver what is spooled, then stops it and
     * closes; what is left stays in the spool for the next run. Idempotent.
     */
    public synchronized void close(Duration drainTimeout) {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (sender.fatalFailure() != null) {
                LOG.warn("{} records not delivered ({}); they stay in {} for the next run", spool.pendingRecords(),
                        sender.fatalFailure(), spool.dir());
            } else if (!spool.awaitEmpty(drainTimeout.toMillis())) {
                LOG.warn("{} records not yet acknowledged by Kafka at {}; they stay in {} for the next run",
                        spool.pendingRecords(), bootstrapServers, spool.dir());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sender.stop();
        try {
            senderThread.join(drainTimeout.toMillis() + 1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(5));
        try {
            spool.close();
        } catch (java.io.IOException e) {
            LOG.warn("Cannot close spool {}: {}", spool.dir(), e.toString());
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(20));
    }
}
