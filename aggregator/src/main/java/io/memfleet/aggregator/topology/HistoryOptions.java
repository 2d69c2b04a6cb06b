package io.memfleet.aggregator.topology;

import java.time.Duration;

/**
 * How long history is kept and how finely.
 *
 * @param rawRetention    every sample's memory fields are kept this long
 * @param rollupInterval  then only min/max/avg per bucket of this length
 * @param rollupRetention buckets and mapping change events are kept this long
 * @param exitedRetention an exited process's state (latest sample, mappings) is kept this long
 * @param clockSkewTolerance how far ahead of the broker's time a host's record may be dated and
 *                        still be filed at its own time ({@link RecordTime})
 * @param limits          how many process states one host may have held
 */
public record HistoryOptions(Duration rawRetention, Duration rollupInterval, Duration rollupRetention,
                             Duration exitedRetention, Duration clockSkewTolerance, HostLimits limits) {

    public static final HistoryOptions DEFAULTS = new HistoryOptions(Duration.ofHours(24), Duration.ofMinutes(5),
            Duration.ofDays(30), Duration.ofHours(24), Duration.ofMinutes(5));

    /** With the default {@link HostLimits}. */
    public HistoryOptions(Duration rawRetention, Duration rollupInterval, Duration rollupRetention,
                          Duration exitedRetention, Duration clockSkewTolerance) {
        this(rawRetention, rollupInterval, rollupRetention, exitedRetention, clockSkewTolerance, HostLimits.DEFAULTS);
    }

    public HistoryOptions withLimits(HostLimits newLimits) {
        return new HistoryOptions(rawRetention, rollupInterval, rollupRetention, exitedRetention, clockSkewTolerance,
                newLimits);
    }

    public HistoryOptions {
        if (rollupInterval.isZero() || rollupInterval.isNegative()) {
            throw new IllegalArgumentException("rollup interval must be positive");
        }
        if (rollupRetention.compareTo(rawRetention) < 0) {
            throw new IllegalArgumentException("rollups must be kept at least as long as raw samples");
        }
        if (clockSkewTolerance.isNegative() || clockSkewTolerance.compareTo(rawRetention) >= 0) {
            throw new IllegalArgumentException("the clock skew tolerance must be at least 0 and below the raw retention");
        }
    }
}
