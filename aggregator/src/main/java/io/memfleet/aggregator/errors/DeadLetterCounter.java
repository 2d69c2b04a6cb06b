package io.memfleet.aggregator.errors;

import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How many records one Kafka Streams application (one {@code application.id}) in this JVM could not
 * decode and sent to the dead-letter topic since the JVM started, for {@code /metrics}:
 * {@code DeadLetterCounter.forApplication(config.applicationId()).count()}.
 *
 * <p>{@link DeadLetterHandler} instances (Kafka Streams makes one per stream thread, by reflection)
 * find their counter here by the {@code application.id} they are configured with, so every thread
 * of an application adds to the same count and tests running several applications in one JVM do not
 * see each other's. The count is at least once: a record whose transaction was aborted (a crash, a
 * rebalance) is handled, and counted, again when it is reprocessed.
 */
public final class DeadLetterCounter {

    private static final ConcurrentMap<String, DeadLetterCounter> BY_APPLICATION = new ConcurrentHashMap<>();

    private final AtomicLong count = new AtomicLong();
    private final AtomicLong lost = new AtomicLong();
    /** One log line a second per application, however many stream threads see bad records. */
    private final LogThrottle throttle = new LogThrottle(1, TimeUnit.SECONDS, System::nanoTime);

    private DeadLetterCounter() {
    }

    /** The counter of the application with this {@code application.id}, created at zero on first use. */
    public static DeadLetterCounter forApplication(String applicationId) {
        Objects.requireNonNull(applicationId, "applicationId");
        return BY_APPLICATION.computeIfAbsent(applicationId, id -> new DeadLetterCounter());
    }

    /** Records that could not be decoded and were dead-lettered (or skipped, with no dead-letter topic). */
    public long count() {
        return count.get();
    }

    /**
     * Of {@link #count()}, the dead letters that could not be written to the dead-letter topic (too
     * large once Kafka Streams added its headers, say) and were dropped, so exist only in the log.
     */
    public long lost() {
        return lost.get();
    }

    long increment() {
        return count.incrementAndGet();
    }

    long incrementLost() {
        return lost.incrementAndGet();
    }

    LogThrottle throttle() {
        return throttle;
    }
}
