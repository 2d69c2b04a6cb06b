package io.memfleet.bench.aggregator;

import java.util.Arrays;

/** Latency percentiles by the nearest-rank method over every recorded value. Pure. */
final class Percentiles {

    private final long[] sorted;

    Percentiles(long[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no values");
        }
        sorted = values.clone();
        Arrays.sort(sorted);
    }

    /** The smallest value with at least {@code p} percent of the values at or below it, 0 < p ≤ 100. */
    long at(double p) {
        if (!(p > 0 && p <= 100)) {
            throw new IllegalArgumentException("percentile must be within (0, 100], was " + p);
        }
        int rank = (int) Math.ceil(p / 100 * sorted.length);
        return sorted[Math.max(1, rank) - 1];
    }

    long max() {
        return sorted[sorted.length - 1];
    }

    int count() {
        return sorted.length;
    }
}
