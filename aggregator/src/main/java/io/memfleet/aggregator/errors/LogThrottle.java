package io.memfleet.aggregator.errors;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Lets at most one log line through per interval and counts the ones it held back, so a flood of
 * bad records gives a line a second that says how many were not shown. Thread-safe.
 */
public final class LogThrottle {

    /** Returned by {@link #tryAcquire()} when this line must not be logged. */
    public static final long SUPPRESS = -1;

    private final long intervalNanos;
    private final LongSupplier nanoClock;
    private long lastLineAt;
    private boolean anyLine;
    private long suppressed;

    public LogThrottle(long interval, TimeUnit unit, LongSupplier nanoClock) {
        if (interval < 0) {
            throw new IllegalArgumentException("interval must be >= 0, got " + interval);
        }
        this.intervalNanos = unit.toNanos(interval);
        this.nanoClock = nanoClock;
    }

    /**
     * @return {@link #SUPPRESS} if the caller must stay quiet, else how many lines were held back
     *         since the last one let through (which the caller should mention)
     */
    public synchronized long tryAcquire() {
        long now = nanoClock.getAsLong();
        if (anyLine && now - lastLineAt < intervalNanos) {
            suppressed++;
            return SUPPRESS;
        }
        anyLine = true;
        lastLineAt = now;
        long held = suppressed;
        suppressed = 0;
        return held;
    }
}
