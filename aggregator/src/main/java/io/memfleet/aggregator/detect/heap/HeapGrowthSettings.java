package io.memfleet.aggregator.detect.heap;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The knobs of {@link HeapGrowthDetector}, with production defaults ({@link #defaults()}). The
 * constructor checks every value and reports all problems at once, each naming its setting.
 *
 * @param window              the trend window (24 h): the envelope ring keeps one point per bucket over it
 * @param bucket              the envelope's resolution (10 min): each bucket keeps the minimum
 *                            anonymous memory seen in it, the floor of a GC or allocator sawtooth
 * @param minWindow           the shortest growth segment that may decide (3 h)
 * @param warmup              samples this soon after the first one are not enveloped: start-up (1 h)
 * @param minGrowthKb         growth over the segment (Theil–Sen slope × span) must reach this (32 MiB)
 * @param minRelativeGrowth   … and this fraction of the level at the segment's start (0.05)
 * @param significance        Mann–Kendall one-sided p-value at or below which the rise is a trend (0.001)
 * @param saturationRatio     the shape tests' ratio (0.5): the last third of the segment must grow at
 *                            least this fraction as fast as the faster earlier third (warm-up, a cache
 *                            filling to its cap, a heap growing to -Xmx slow down); each third's median
 *                            must exceed the previous one's by this fraction of a third of the growth
 *                            (one burst is not a trend); no third may shrink faster than this fraction
 *                            of the slope; the day-over-day rises must agree within this ratio
 * @param sustain             growth must have lasted this long to fire (16 h) unless it is urgent …
 * @param earlyEtaRatio       … i.e. the bound is exhausted, at the measured slope, within this many
 *                            times the segment's length (1.0). Without a bound: memory tripled over at
 *                            least two {@code minWindow}s
 * @param minBucketFill       a segment or day decides only with at least this fraction of its buckets
 *                            holding a sample (0.5): missing samples, collector outages
 * @param vmDataGrowthRatio   VmData must have grown by at least this fraction of the anonymous growth
 *                            (0.25): anonymous memory cannot outgrow VmData, so growth into memory
 *                            already committed (a JVM with -Xms = -Xmx touching its heap) is bounded.
 *                            0 turns the gate off
 * @param seasonPeriod        the day of the day-over-day test (24 h; 0 turns it off): the minima of
 *                            three consecutive days must rise twice, with the tops of the days' envelopes
 * @param resolveWindow       after FIRING, growth has stopped when this trailing window (6 h) shows no
 *                            Mann–Kendall trend at {@code resolveSignificance} (0.05) …
 * @param resolveSignificance see {@code resolveWindow}
 * @param resolveAfter        … continuously for this long (3 h); then RESOLVED. A day-over-day episode
 *                            resolves when the last complete day's minimum no longer rose
 * @param criticalEta         severity CRITICAL when the bound is exhausted sooner than this (6 h)
 * @param highEta             HIGH sooner than this (24 h), MEDIUM sooner than {@code mediumEta} (7 d),
 *                            else LOW; without a bound the doubling time grades HIGH/MEDIUM/LOW instead
 * @param mediumEta           see {@code highEta}
 */
public record HeapGrowthSettings(
        Duration window,
        Duration bucket,
        Duration minWindow,
        Duration warmup,
        long minGrowthKb,
        double minRelativeGrowth,
        double significance,
        double saturationRatio,
        Duration sustain,
        double earlyEtaRatio,
        double minBucketFill,
        double vmDataGrowthRatio,
        Duration seasonPeriod,
        Duration resolveWindow,
        double resolveSignificance,
        Duration resolveAfter,
        Duration criticalEta,
        Duration highEta,
        Duration mediumEta) {

    /** The most buckets a window may hold: bounds the state at 2 × 8 × this many bytes of envelope. */
    public static final int MAX_BUCKETS = 1024;

    /** The fewest buckets a window may hold: a segment needs six, and the window room to slide. */
    public static final int MIN_BUCKETS = 8;

    public HeapGrowthSettings {
        List<String> problems = new ArrayList<>();
        positive(problems, "window", window);
        positive(problems, "bucket", bucket);
        positive(problems, "minWindow", minWindow);
        positive(problems, "sustain", sustain);
        if (warmup == null || warmup.isNegative()) {
            problems.add("warmup=" + warmup + " must be a duration >= 0");
        }
        positive(problems, "resolveWindow", resolveWindow);
        positive(problems, "resolveAfter", resolveAfter);
        positive(problems, "criticalEta", criticalEta);
        positive(problems, "highEta", highEta);
        positive(problems, "mediumEta", mediumEta);
        if (problems.isEmpty()) {
            long buckets = window.toMillis() / bucket.toMillis();
            long segmentFloor = WindowScaled.MIN_SEGMENT_BUCKETS * bucket.toMillis();
            if (window.toMillis() % bucket.toMillis() != 0) {
                problems.add("window=" + window + " must be a whole number of buckets (bucket=" + bucket + ")");
            } else if (buckets < MIN_BUCKETS || buckets > MAX_BUCKETS) {
                problems.add("window/bucket=" + buckets + " must be within " + MIN_BUCKETS + ".." + MAX_BUCKETS);
            }
            if (minWindow.compareTo(window) > 0 || minWindow.toMillis() < segmentFloor) {
                problems.add("minWindow=" + minWindow + " must be within 6 buckets (" + bucket.multipliedBy(6)
                        + ") .. window (" + window + ")");
            }
            if (sustain.compareTo(window) > 0 || sustain.compareTo(minWindow) < 0) {
                problems.add("sustain=" + sustain + " must be within minWindow (" + minWindow + ") .. window ("
                        + window + ")");
            }
            if (resolveWindow.compareTo(window) > 0 || resolveWindow.toMillis() < segmentFloor) {
                problems.add("resolveWindow=" + resolveWindow + " must be within 6 buckets .. window");
            }
            if (criticalEta.compareTo(highEta) > 0 || highEta.compareTo(mediumEta) > 0) {
                problems.add("criticalEta=" + criticalEta + " <= highEta=" + highEta + " <= mediumEta=" + mediumEta
                        + " must hold");
            }
        }
        if (minGrowthKb < 0) {
            problems.add("minGrowthKb=" + minGrowthKb + " must be >= 0");
        }
        fraction(problems, "minRelativeGrowth", minRelativeGrowth, 0, 100);
        open(problems, "significance", significance);
        fraction(problems, "saturationRatio", saturationRatio, 0, 1);
        fraction(problems, "earlyEtaRatio", earlyEtaRatio, 0, 1000);
        fraction(problems, "minBucketFill", minBucketFill, 0, 1);
        if (seasonPeriod == null || seasonPeriod.isNegative()) {
            problems.add("seasonPeriod=" + seasonPeriod + " must be a duration >= 0 (0: no day-over-day test)");
        } else if (bucket != null && !bucket.isZero() && !bucket.isNegative()
                && seasonPeriod.toMillis() % bucket.toMillis() != 0) {
            problems.add("seasonPeriod=" + seasonPeriod + " must be a whole number of buckets (bucket=" + bucket + ")");
        }
        fraction(problems, "vmDataGrowthRatio", vmDataGrowthRatio, 0, 1);
        open(problems, "resolveSignificance", resolveSignificance);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid heap growth settings: " + String.join("; ", problems));
        }
    }

    /** The production trend window and envelope resolution; the settings they scale are {@link WindowScaled}. */
    public static final Duration DEFAULT_WINDOW = Duration.ofHours(24);
    public static final Duration DEFAULT_BUCKET = Duration.ofMinutes(10);

    /** Production defaults: the table in docs/detection.md; the keys in docs/configuration.md. */
    public static HeapGrowthSettings defaults() {
        Duration minWindow = WindowScaled.minWindow(DEFAULT_WINDOW, DEFAULT_BUCKET);
        return new HeapGrowthSettings(
                DEFAULT_WINDOW,
                DEFAULT_BUCKET,
                minWindow,
                Duration.ofHours(1),
                32 * 1024,
                0.05,
                1e-3,
                0.5,
                WindowScaled.sustain(DEFAULT_WINDOW, minWindow),
                1.0,
                0.5,
                0.25,
                Duration.ofHours(24),
                WindowScaled.resolveWindow(DEFAULT_WINDOW, DEFAULT_BUCKET),
                0.05,
                WindowScaled.resolveAfter(DEFAULT_WINDOW),
                Duration.ofHours(6),
                Duration.ofHours(24),
                Duration.ofDays(7));
    }

    /** The length of the envelope ring: buckets in the window. */
    public int buckets() {
        return (int) (window.toMillis() / bucket.toMillis());
    }

    int windowBuckets() {
        return buckets();
    }

    /** Buckets in a season (0: no day-over-day test). */
    int seasonBuckets() {
        return (int) (seasonPeriod.toMillis() / bucket.toMillis());
    }

    long bucketMs() {
        return bucket.toMillis();
    }

    private static void positive(List<String> problems, String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            problems.add(name + "=" + value + " must be a positive duration");
        }
    }

    private static void fraction(List<String> problems, String name, double value, double min, double max) {
        if (!(value >= min && value <= max)) {
            problems.add(name + "=" + value + " must be within " + min + ".." + max);
        }
    }

    private static void open(List<String> problems, String name, double value) {
        if (!(value > 0 && value < 1)) {
            problems.add(name + "=" + value + " must be within (0, 1)");
        }
    }
}
