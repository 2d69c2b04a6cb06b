package io.memfleet.alerts;

import io.memfleet.alerts.AlertmanagerClient.Accepted;
import io.memfleet.alerts.AlertmanagerClient.Outcome;
import io.memfleet.alerts.AlertmanagerClient.Rejected;
import io.memfleet.alerts.AlertmanagerClient.Retriable;
import io.memfleet.schema.Anomaly;
import io.memfleet.schema.AnomalyStatus;
import io.memfleet.schema.codec.WireFormat;
import io.memfleet.schema.kafka.AnomalySerde;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code memfleet alerts}: consumes {@code memfleet.anomalies} in its own consumer group and posts each
 * anomaly to Alertmanager, FIRING as a firing alert and RESOLVED as the same alert resolved.
 *
 * <p>Delivery is at least once: a batch's offsets are committed only after an Alertmanager accepted
 * its alerts (Alertmanager merges a repeated alert, so a replay is harmless). While none accepts, the
 * same batch is retried with back-off (retry.backoff.ms doubling to retry.backoff.max.ms), forever,
 * and the consumer stays in its group with its partitions paused. An alert Alertmanager rejects as
 * invalid (400) is logged with its anomaly id, counted and skipped. A record that cannot be decoded
 * is logged with topic, partition and offset, counted and skipped.
 *
 * <p>Firing alerts are re-sent every resend.interval.ms with endsAt firing.timeout.ms ahead, so an
 * Alertmanager that restarted gets them back and the alerts of a bridge that stopped resolve by
 * themselves. When it is assigned a partition, the bridge first reads it from the beginning up to
 * its committed offset (for a new group: up to the end, where it then starts) to learn which
 * episodes are still open, and re-sends those.
 */
public final class AlertsBridge implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AlertsBridge.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final int RESEND_CHUNK = 1_000;

    /** Counters since start, for logs and tests. */
    public record Stats(int partitions, long delivered, long rejected, long malformed, long retries, long resent,
                        int firing) {
    }

    private final AlertsConfig config;
    private final AlertMapping.Settings mapping;
    private final AlertmanagerClient client;
    private final Clock clock;
    private final Deserializer<Anomaly> deserializer = new AnomalySerde(WireFormat.JSON).deserializer();
    private final ActiveAlerts active = new ActiveAlerts();
    private final CountDownLatch finished = new CountDownLatch(1);
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong malformed = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private final AtomicLong resent = new AtomicLong();
    private volatile int firing;
    private volatile int partitions;
    private volatile boolean stopping;
    private volatile boolean started;
    private KafkaConsumer<byte[], byte[]> consumer;
    private KafkaConsumer<byte[], byte[]> replayConsumer;
    private Instant nextResend = Instant.MIN;
    private String partialFailure = "";

    public AlertsBridge(AlertsConfig config) {
        this(config, Clock.systemUTC());
    }

    AlertsBridge(AlertsConfig config, Clock clock) {
        this.config = config;
        this.mapping = config.mapping();
        this.client = new AlertmanagerClient(config.alertsEndpoints(), config.requestTimeout());
        this.clock = clock;
    }

    /** Runs until {@link #close()}; a Kafka failure that retrying cannot mend is thrown. */
    public void run() {
        started = true;
        try (KafkaConsumer<byte[], byte[]> main = new KafkaConsumer<>(consumerProperties(true));
             KafkaConsumer<byte[], byte[]> replay = new KafkaConsumer<>(consumerProperties(false))) {
            consumer = main;
            replayConsumer = replay;
            main.subscribe(List.of(config.topic()), new Rebalance());
            LOG.info("Alerts bridge: {} (group {}) to {}; firing alerts re-sent every {} s, expiring {} s after the last",
                    config.topic(), config.groupId(), client.endpoints(), config.resendInterval().toSeconds(),
                    mapping.firingTimeout().toSeconds());
            while (!stopping) {
                ConsumerRecords<byte[], byte[]> records = main.poll(POLL);
                if (!records.isEmpty()) {
                    handle(records);
                }
                if (!stopping) {
                    resendIfDue();
                }
            }
        } finally {
            Stats stats = stats();
            LOG.info("Alerts bridge stopped: {} alerts delivered, {} rejected, {} malformed records skipped, {} retries",
                    stats.delivered(), stats.rejected(), stats.malformed(), stats.retries());
            finished.countDown();
        }
    }

    /** Stops the loop and waits for it: what was delivered is committed, a batch still being retried is not. */
    @Override
    public void close() {
        stopping = true;
        if (!started) {
            return;
        }
        try {
            if (!finished.await(config.requestTimeout().toMillis() + 10_000, TimeUnit.MILLISECONDS)) {
                LOG.warn("Alerts bridge did not stop within {} ms", config.requestTimeout().toMillis() + 10_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public Stats stats() {
        return new Stats(partitions, delivered.get(), rejected.get(), malformed.get(), retries.get(), resent.get(), firing);
    }

    private void handle(ConsumerRecords<byte[], byte[]> records) {
        Instant now = clock.instant();
        List<PostableAlert> batch = new ArrayList<>();
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            TopicPartition partition = new TopicPartition(record.topic(), record.partition());
            offsets.put(partition, new OffsetAndMetadata(record.offset() + 1));
            Anomaly anomaly = decode(record, true);
            if (anomaly != null) {
                batch.add(fold(partition, anomaly, now));
            }
        }
        firing = active.size();
        if (!batch.isEmpty() && !deliver(batch)) {
            return; // stopping before Alertmanager took it: not committed, so the next run sends it
        }
        commit(offsets);
    }

    /** The alert for {@code anomaly}, with the set of firing alerts updated. */
    private PostableAlert fold(TopicPartition partition, Anomaly anomaly, Instant now) {
        AlertKey key = AlertMapping.key(anomaly);
        if (anomaly.status() == AnomalyStatus.FIRING) {
            PostableAlert alert = AlertMapping.firing(anomaly, now, mapping);
            active.fire(partition, key, alert);
            return alert;
        }
        return AlertMapping.resolved(anomaly, active.resolve(partition, key), mapping);
    }

    private Anomaly decode(ConsumerRecord<byte[], byte[]> record, boolean live) {
        String problem;
        try {
            Anomaly anomaly = deserializer.deserialize(record.topic(), record.headers(), record.value());
            if (anomaly != null) {
                return anomaly;
            }
            problem = "no value";
        } catch (RuntimeException e) {
            problem = e.getMessage();
        }
        if (live) {
            malformed.incrementAndGet();
            LOG.warn("Skipped malformed anomaly record {}-{} offset {}: {}", record.topic(), record.partition(),
                    record.offset(), problem);
        }
        return null;
    }

    /** Posts until an Alertmanager accepts or rejects for good; false if stopping first. */
    private boolean deliver(List<PostableAlert> batch) {
        Duration wait = config.retryBackoff();
        for (int attempt = 1; ; attempt++) {
            Outcome outcome = client.post(batch);
            if (outcome instanceof Accepted accepted) {
                if (attempt > 1) {
                    LOG.info("Alertmanager accepted {} alerts after {} retries", batch.size(), attempt - 1);
                }
                notePartialFailure(accepted);
                delivered.addAndGet(batch.size());
                return true;
            }
            if (outcome instanceof Rejected rejection) {
                if (batch.size() > 1) {
                    // Alertmanager keeps the valid alerts of a batch it answers 400: find the invalid ones.
                    for (PostableAlert alert : batch) {
                        if (!deliver(List.of(alert))) {
                            return false;
                        }
                    }
                    return true;
                }
                PostableAlert alert = batch.get(0);
                rejected.incrementAndGet();
                LOG.error("Alertmanager rejected the alert of anomaly {} ({} on host {} pid {}): {}; skipped, not retried",
                        alert.anomalyId(), alert.labels().get(AlertMapping.LABEL_ALERTNAME),
                        alert.labels().get(AlertMapping.LABEL_HOST), alert.labels().get(AlertMapping.LABEL_PID),
                        rejection.reason());
                return true;
            }
            retries.incrementAndGet();
            LOG.warn("Alertmanager did not take {} alerts ({}): retry {} in {} ms; offsets not committed",
                    batch.size(), ((Retriable) outcome).reason(), attempt, wait.toMillis());
            if (!pauseFor(wait)) {
                return false;
            }
            wait = wait.multipliedBy(2).compareTo(config.retryBackoffMax()) > 0 ? config.retryBackoffMax()
                    : wait.multipliedBy(2);
        }
    }

    /**
     * Waits while polling with every partition paused, so the consumer keeps its group membership
     * (max.poll.interval.ms) without taking new records. A partition assigned meanwhile is not paused
     * yet: what it returned is put back.
     */
    private boolean pauseFor(Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        consumer.pause(consumer.assignment());
        try {
            while (!stopping) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return true;
                }
                ConsumerRecords<byte[], byte[]> stray = consumer.poll(Duration.ofNanos(Math.min(left, POLL.toNanos())));
                for (TopicPartition partition : stray.partitions()) {
                    consumer.seek(partition, stray.records(partition).get(0).offset());
                }
                consumer.pause(consumer.assignment());
            }
            return false;
        } finally {
            consumer.resume(consumer.paused());
        }
    }

    private void commit(Map<TopicPartition, OffsetAndMetadata> offsets) {
        offsets.keySet().retainAll(consumer.assignment()); // a partition revoked meanwhile is its new owner's
        if (offsets.isEmpty()) {
            return;
        }
        try {
            consumer.commitSync(offsets);
        } catch (CommitFailedException | org.apache.kafka.common.errors.TimeoutException e) {
            LOG.warn("Could not commit offsets {} ({}); those anomalies will be posted again, which Alertmanager "
                    + "merges", offsets, e.getMessage());
        }
    }

    private void resendIfDue() {
        Instant now = clock.instant();
        if (now.isBefore(nextResend)) {
            return;
        }
        nextResend = now.plus(config.resendInterval());
        List<PostableAlert> all = active.all();
        firing = all.size();
        for (int from = 0; from < all.size(); from += RESEND_CHUNK) {
            List<PostableAlert> chunk = new ArrayList<>();
            for (PostableAlert alert : all.subList(from, Math.min(all.size(), from + RESEND_CHUNK))) {
                chunk.add(AlertMapping.refreshed(alert, now, mapping));
            }
            Outcome outcome = client.post(chunk);
            if (outcome instanceof Accepted accepted) {
                notePartialFailure(accepted);
                resent.addAndGet(chunk.size());
            } else {
                LOG.warn("Could not re-send {} firing alerts ({}); next try in {} s", all.size() - from,
                        outcome instanceof Retriable r ? r.reason() : ((Rejected) outcome).reason(),
                        config.resendInterval().toSeconds());
                return;
            }
        }
    }

    /** One line when an Alertmanager of several starts or stops failing, not one per post. */
    private void notePartialFailure(Accepted accepted) {
        String failure = String.join("; ", accepted.failures());
        if (!failure.equals(partialFailure)) {
            if (failure.isEmpty()) {
                LOG.info("Every Alertmanager accepts alerts again");
            } else {
                LOG.warn("Alerts delivered, but not to every Alertmanager ({}); it gets the firing ones at the next "
                        + "re-send once it is back", failure);
            }
            partialFailure = failure;
        }
    }

    /** Learns the open episodes of newly assigned partitions; a new group starts at their end. */
    private void replay(Collection<TopicPartition> partitions) {
        Set<TopicPartition> assigned = new HashSet<>(partitions);
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(assigned);
        Map<TopicPartition, Long> ends = consumer.endOffsets(assigned);
        Map<TopicPartition, Long> targets = new HashMap<>();
        for (TopicPartition partition : assigned) {
            OffsetAndMetadata offset = committed.get(partition);
            targets.put(partition, offset != null ? offset.offset() : ends.getOrDefault(partition, 0L));
        }
        replayConsumer.assign(assigned);
        replayConsumer.seekToBeginning(assigned);
        Instant now = clock.instant();
        long read = 0;
        Set<TopicPartition> remaining = new HashSet<>(assigned);
        remaining.removeIf(p -> replayConsumer.position(p) >= targets.get(p));
        while (!remaining.isEmpty() && !stopping) {
            for (ConsumerRecord<byte[], byte[]> record : replayConsumer.poll(POLL)) {
                TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                if (record.offset() < targets.get(partition)) {
                    read++;
                    Anomaly anomaly = decode(record, false);
                    if (anomaly != null) {
                        fold(partition, anomaly, now);
                    }
                }
            }
            remaining.removeIf(p -> replayConsumer.position(p) >= targets.get(p));
        }
        replayConsumer.assign(List.of());
        for (TopicPartition partition : assigned) {
            if (committed.get(partition) == null) {
                consumer.seek(partition, targets.get(partition));
            }
        }
        firing = active.size();
        nextResend = Instant.MIN; // send what is firing now, at once
        LOG.info("Assigned {}: read {} earlier anomaly records, {} alerts firing", assigned, read, firing);
    }

    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
            active.drop(revoked);
            partitions = consumer.assignment().size() - revoked.size();
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> lost) {
            onPartitionsRevoked(lost);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
            if (!assigned.isEmpty()) {
                replay(assigned);
            }
            partitions = consumer.assignment().size();
        }
    }

    private Map<String, Object> consumerProperties(boolean member) {
        Map<String, Object> properties = new HashMap<>();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, String.join(",", config.bootstrapServers()));
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // The aggregator writes anomalies in transactions: never alert on an aborted one.
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        properties.putAll(config.consumerOverrides());
        if (member) {
            properties.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
        } else {
            properties.remove(ConsumerConfig.GROUP_ID_CONFIG);
        }
        return properties;
    }
}
