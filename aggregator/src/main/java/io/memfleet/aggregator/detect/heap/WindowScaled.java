package io.memfleet.aggregator.detect.heap;

import java.time.Duration;

/**
 * The settings that scale with the trend window, derived from it when an operator does not set
 * them: the production defaults are these fractions of the default 24 h window (3 h, 16 h, 6 h and
 * 3 h), so a shorter or longer window keeps the detector's proportions instead of contradicting
 * them. Each is clamped into the range {@link HeapGrowthSettings} accepts, so any window of 8 to
 * {@value HeapGrowthSettings#MAX_BUCKETS} whole buckets yields valid settings.
 */
public final class WindowScaled {

    /** The fewest buckets a Mann–Kendall test over a segment or the resolve window decides on. */
    static final int MIN_SEGMENT_BUCKETS = 6;

    private WindowScaled() {
    }

    /** The shortest deciding segment: an eighth of the window, at least 6 buckets. */
    public static Duration minWindow(Duration window, Duration bucket) {
        return clamp(window.dividedBy(8), bucket.multipliedBy(MIN_SEGMENT_BUCKETS), window);
    }

    /** How long growth must last: two thirds of the window, at least {@code minWindow}. */
    public static Duration sustain(Duration window, Duration minWindow) {
        return clamp(window.multipliedBy(2).dividedBy(3), minWindow, window);
    }

    /** The trailing window that must show no trend to resolve: a quarter of the window, at least 6 buckets. */
    public static Duration resolveWindow(Duration window, Duration bucket) {
        return clamp(window.dividedBy(4), bucket.multipliedBy(MIN_SEGMENT_BUCKETS), window);
    }

    /** How long no trend must last to resolve: an eighth of the window. */
    public static Duration resolveAfter(Duration window) {
        return window.dividedBy(8);
    }

    private static Duration clamp(Duration value, Duration min, Duration max) {
        Duration atLeast = value.compareTo(min) < 0 ? min : value;
        return atLeast.compareTo(max) > 0 ? max : atLeast;
    }
}
