package io.memfleet.collector.publish;

import io.memfleet.schema.codec.WireFormat;
import io.memfleet.schema.kafka.Topics;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import io.memfleet.common.KafkaFailures;
import java.util.function.Consumer;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves records from the {@link Spool} to Kafka in order, on one thread, and removes them from the
 * spool only when Kafka acknowledged them. When delivery fails (broker down for longer than the
 * producer's {@code delivery.timeout.ms}, say) it keeps the records, backs off, and tries again
 * from the first unacknowledged one: nothing is dropped but by the spool's cap.
 *
 * <p>A failure no retry can mend — the broker refused the credentials or the rights — is not an
 * outage: the sender stops, keeps the records spooled for a run with the right settings, and tells
 * its owner once, with a line that says what to change.
 *
 * <p>A record the spool could not write (its disk is full) can be sent straight away, ahead of what
 * is spooled ({@link #sendDirect}), but only while Kafka accepts records: during an outage it
 * would only wait in the producer's memory and then fail.
 */
final class SpoolSender implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(SpoolSender.class);
    private static final int BATCH_RECORDS = 2_000;
    private static final long BATCH_BYTES = 4L * 1024 * 1024;
    private static final long MIN_BACKOFF_MS = 500;
    private static final long MAX_BACKOFF_MS = 30_000;
    /**
     * Bytes sent straight to Kafka and not yet acknowledged: half the producer's buffer.memory, so
     * that a send never waits for buffer space on the pass thread.
     */
    static final long DIRECT_MAX_IN_FLIGHT_BYTES = 4L * 1024 * 1024;

    private final Spool spool;
    private final Producer<byte[], byte[]> producer;
    private final String brokers;
    final AtomicLong acknowledged = new AtomicLong();
    final AtomicLong acknowledgedBytes = new AtomicLong();
    final AtomicLong failedAttempts = new AtomicLong();
    final AtomicLong rejected = new AtomicLong();
    private volatile Exception lastFailure;
    private volatile String fatalFailure;
    private volatile boolean running = true;
    private final Consumer<String> onFatal;
    /** Written on the sender thread, read by {@link #sendDirect} on the pass thread. */
    private volatile long outageSince;
    /** Guarded by itself: filled on the pass thread, sent on the sender thread. */
    private final Deque<Direct> direct = new ArrayDeque<>();
    private final AtomicLong directInFlightBytes = new AtomicLong();
    private final AtomicLong directInFlight = new AtomicLong();
    /** The last record sent straight failed: until one gets through, send one at a time, as a probe. */
    private volatile boolean directFailing;
    private long backoffMs = MIN_BACKOFF_MS;

    /** @param onFatal told, once, the line describing a failure retrying cannot mend */
    SpoolSender(Spool spool, Producer<byte[], byte[]> producer, String brokers, Consumer<String> onFatal) {
        this.spool = spool;
        this.producer = producer;
        this.brokers = brokers;
        this.onFatal = onFatal;
    }

    /** The line describing why delivery stopped for good, or null while it goes on. */
    String fatalFailure() {
        return fatalFailure;
    }

    Exception lastFailure() {
        return lastFailure;
    }

    void stop() {
        running = false;
    }

    @Override
    public void run() {
        try {
            deliverUntilStopped();
        } finally {
            if (fatalFailure == null) {
                sendQueuedDirect(); // the producer, closed after this thread, delivers them as it closes
            }
            // Refused for good: what was queued to go straight to Kafka will not go; lost, and counted.
            synchronized (direct) {
                for (Direct left; (left = direct.poll()) != null; ) {
                    directDone(left, new IllegalStateException("the collector stopped before sending it"));
                }
            }
        }
    }

    private void deliverUntilStopped() {
        while (running) {
            try {
                sendQueuedDirect();
                List<Spool.Entry> batch = spool.peek(BATCH_RECORDS, BATCH_BYTES, 200);
                if (!batch.isEmpty()) {
                    deliver(batch);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                if (!running) {
                    return; // the spool was closed under us during shutdown
                }
                LOG.error("Spool sender failed; retrying in {} ms", backoffMs, e);
                sleepBackoff();
            }
        }
    }

    /**
     * Queues a record the spool could not take, to be sent on the sender thread ahead of what is
     * spooled; the pass thread never waits for Kafka. Takes nothing and returns false while Kafka is
     * failing (an outage, a stop, or the last record sent straight failed and one probe is under
     * way) or too much sent straight is not yet acknowledged.
     *
     * @param onLost run if Kafka does not acknowledge the record
     */
    boolean sendDirect(byte[] key, String contentType, byte[] value, Runnable onLost) {
        if (!running || outageSince != 0 || (directFailing && directInFlight.get() > 0)
                || directInFlightBytes.get() + value.length > DIRECT_MAX_IN_FLIGHT_BYTES) {
            return false;
        }
        directInFlightBytes.addAndGet(value.length);
        directInFlight.incrementAndGet();
        synchronized (direct) {
            direct.add(new Direct(record(key, contentType, value), value.length, onLost));
        }
        return true;
    }

    /** On the sender thread: hands what {@link #sendDirect} queued to the producer. */
    private void sendQueuedDirect() {
        while (true) {
            Direct next;
            synchronized (direct) {
                next = direct.poll();
            }
            if (next == null) {
                return;
            }
            try {
                producer.send(next.record(), (metadata, failure) -> directDone(next, failure));
            } catch (RuntimeException e) {
                directDone(next, e); // refused before sending: the producer is closing
            }
        }
    }

    private void directDone(Direct record, Exception failure) {
        directInFlightBytes.addAndGet(-record.length());
        directInFlight.decrementAndGet();
        if (failure == null) {
            directFailing = false;
            acknowledged.incrementAndGet();
            acknowledgedBytes.addAndGet(record.length());
        } else {
            directFailing = true;
            lastFailure = failure;
            record.onLost().run();
        }
    }

    /** A record queued by {@link #sendDirect}. */
    private record Direct(ProducerRecord<byte[], byte[]> record, long length, Runnable onLost) {
    }

    private static ProducerRecord<byte[], byte[]> record(byte[] key, String contentType, byte[] value) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(WireFormat.CONTENT_TYPE_HEADER, contentType.getBytes(StandardCharsets.US_ASCII));
        return new ProducerRecord<>(Topics.SAMPLES, null, key, value, headers);
    }

    private void deliver(List<Spool.Entry> batch) throws InterruptedException {
        List<Future<RecordMetadata>> futures = new ArrayList<>(batch.size());
        for (Spool.Entry entry : batch) {
            Future<RecordMetadata> future = producer.send(record(entry.key(), entry.contentType(), entry.value()));
            futures.add(future);
            if (future.isDone()) {
                // Failed before it was sent: no metadata within max.block.ms, or an error the producer
                // already knows of (a refused password). Every later send would wait as long, a
                // batch's worth of max.block.ms; the rest of the batch waits for the next attempt.
                break;
            }
        }
        producer.flush();
        int delivered = 0;
        long bytes = 0;
        Exception failure = null;
        for (int i = 0; i < futures.size(); i++) {
            try {
                futures.get(i).get();
                delivered++;
                bytes += batch.get(i).value().length;
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RecordTooLargeException && delivered == i) {
                    // Retrying cannot help and would block every record behind it: drop this one, loudly.
                    LOG.error("Kafka rejected a {}-byte record as too large (max.request.size / the topic's "
                            + "max.message.bytes); dropped it", batch.get(i).value().length);
                    rejected.incrementAndGet();
                    delivered++;
                    continue;
                }
                failure = (Exception) e.getCause();
                break;
            }
        }
        if (delivered > 0) {
            spool.acknowledge(batch.get(delivered - 1).next(), delivered);
            acknowledged.addAndGet(delivered);
            acknowledgedBytes.addAndGet(bytes);
        }
        if (failure == null) {
            if (outageSince != 0) {
                LOG.info("Kafka at {} accepts records again after {} s; {} records still spooled", brokers,
                        (System.currentTimeMillis() - outageSince) / 1000, spool.pendingRecords());
                outageSince = 0;
            }
            backoffMs = MIN_BACKOFF_MS;
            return;
        }
        failedAttempts.incrementAndGet();
        lastFailure = failure;
        RuntimeException fatal = KafkaFailures.fatal(failure);
        if (fatal != null) {
            String line = KafkaFailures.describe(fatal, brokers) + "; " + spool.pendingRecords()
                    + " records stay in spool " + spool.dir() + " for the next run";
            LOG.error("Delivery stopped: {}", line);
            fatalFailure = line;
            running = false;
            onFatal.accept(line);
            return;
        }
        if (outageSince == 0) {
            outageSince = System.currentTimeMillis();
            LOG.warn("Kafka at {} did not accept records ({}: {}); keeping them in spool {} and retrying",
                    brokers, failure instanceof RetriableException ? "retriable" : "not retriable", failure,
                    spool.dir());
        }
        sleepBackoff();
    }

    private void sleepBackoff() {
        try {
            Thread.sleep(backoffMs);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
        backoffMs = Math.min(MAX_BACKOFF_MS, backoffMs * 2);
    }
}
