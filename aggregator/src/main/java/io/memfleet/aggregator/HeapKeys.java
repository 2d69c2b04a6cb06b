package io.memfleet.aggregator;

import static io.memfleet.aggregator.DetectorConfig.HEAP_BUCKET_MS;
import static io.memfleet.aggregator.DetectorConfig.HEAP_ENABLED;
import static io.memfleet.aggregator.DetectorConfig.HEAP_MIN_WINDOW_MS;
import static io.memfleet.aggregator.DetectorConfig.HEAP_SEASON_MS;
import static io.memfleet.aggregator.DetectorConfig.HEAP_SEVERITY_CRITICAL_MS;
import static io.memfleet.aggregator.DetectorConfig.HEAP_SEVERITY_HIGH_MS;
import static io.memfleet.aggregator.DetectorConfig.HEAP_SEVERITY_MEDIUM_MS;
import static io.memfleet.aggregator.DetectorConfig.HEAP_SUSTAIN_MS;
import static io.memfleet.aggregator.DetectorConfig.HEAP_WINDOW_MS;

import io.memfleet.aggregator.detect.heap.HeapGrowthSettings;
import io.memfleet.aggregator.detect.heap.WindowScaled;
import io.memfleet.common.config.ConfigReport;
import java.time.Duration;
import java.util.Map;

/**
 * From the {@code detect.heap.*} keys to {@link HeapGrowthSettings}. Keys left unset that scale
 * with the window ({@code min.window.ms}, {@code sustain.ms}, and the resolve window and time no key
 * sets) are derived from it by {@link WindowScaled}, so any window the docs allow is valid alone.
 * What an operator did set is checked against the other keys here, with messages naming keys —
 * the settings record names its own fields, which no operator can set.
 */
final class HeapKeys {

    private HeapKeys() {
    }

    /** Adds a conflict for every window-related key that contradicts another. */
    static void check(ConfigReport report) {
        if (!report.isValid(HEAP_ENABLED) || !(Boolean) report.value(HEAP_ENABLED)) {
            return; // as before: settings of a detector that does not run are not cross-checked
        }
        boolean windowValid = report.isValid(HEAP_WINDOW_MS, HEAP_BUCKET_MS) && checkWindow(report);
        Long minWindow = windowValid && report.isValid(HEAP_MIN_WINDOW_MS) ? checkMinWindow(report) : null;
        if (minWindow != null && report.isValid(HEAP_SUSTAIN_MS)) {
            checkSustain(report, minWindow);
        }
        if (report.isValid(HEAP_SEASON_MS, HEAP_BUCKET_MS)) {
            long season = ms(report, HEAP_SEASON_MS);
            long bucket = ms(report, HEAP_BUCKET_MS);
            if (season % bucket != 0) {
                report.conflict(HEAP_SEASON_MS + "=" + season + " must be a whole number of " + HEAP_BUCKET_MS + "="
                        + bucket + " (or 0: no day-over-day test)");
            }
        }
        if (report.isValid(HEAP_SEVERITY_CRITICAL_MS, HEAP_SEVERITY_HIGH_MS, HEAP_SEVERITY_MEDIUM_MS)) {
            long critical = ms(report, HEAP_SEVERITY_CRITICAL_MS);
            long high = ms(report, HEAP_SEVERITY_HIGH_MS);
            long medium = ms(report, HEAP_SEVERITY_MEDIUM_MS);
            if (critical > high || high > medium) {
                report.conflict(HEAP_SEVERITY_CRITICAL_MS + "=" + critical + " <= " + HEAP_SEVERITY_HIGH_MS + "=" + high
                        + " <= " + HEAP_SEVERITY_MEDIUM_MS + "=" + medium + " must hold");
            }
        }
    }

    private static boolean checkWindow(ConfigReport report) {
        long window = ms(report, HEAP_WINDOW_MS);
        long bucket = ms(report, HEAP_BUCKET_MS);
        long min = HeapGrowthSettings.MIN_BUCKETS * bucket;
        long max = HeapGrowthSettings.MAX_BUCKETS * bucket;
        if (window % bucket != 0 || window < min || window > max) {
            report.conflict(HEAP_WINDOW_MS + "=" + window + " must be a whole number of " + HEAP_BUCKET_MS + "="
                    + bucket + ", " + HeapGrowthSettings.MIN_BUCKETS + " to " + HeapGrowthSettings.MAX_BUCKETS
                    + " of them: " + min + " to " + max + " in steps of " + bucket);
            return false;
        }
        return true;
    }

    /** The minimum window in force, set or derived; null if the one set is out of range (reported). */
    private static Long checkMinWindow(ConfigReport report) {
        long window = ms(report, HEAP_WINDOW_MS);
        long bucket = ms(report, HEAP_BUCKET_MS);
        if (!report.isSet(HEAP_MIN_WINDOW_MS) || report.value(HEAP_MIN_WINDOW_MS) == null) {
            return WindowScaled.minWindow(Duration.ofMillis(window), Duration.ofMillis(bucket)).toMillis();
        }
        long minWindow = ms(report, HEAP_MIN_WINDOW_MS);
        long floor = 6 * bucket;
        if (minWindow < floor || minWindow > window) {
            report.conflict(HEAP_MIN_WINDOW_MS + "=" + minWindow + " must be within 6 × " + HEAP_BUCKET_MS + " ("
                    + floor + ") and " + HEAP_WINDOW_MS + " (" + window + ")");
            return null;
        }
        return minWindow;
    }

    private static void checkSustain(ConfigReport report, long minWindow) {
        if (!report.isSet(HEAP_SUSTAIN_MS) || report.value(HEAP_SUSTAIN_MS) == null) {
            return; // derived within range
        }
        long sustain = ms(report, HEAP_SUSTAIN_MS);
        long window = ms(report, HEAP_WINDOW_MS);
        if (sustain < minWindow || sustain > window) {
            report.conflict(HEAP_SUSTAIN_MS + "=" + sustain + " must be within " + HEAP_MIN_WINDOW_MS + " ("
                    + minWindow + (report.isSet(HEAP_MIN_WINDOW_MS) ? "" : ", derived from the window") + ") and "
                    + HEAP_WINDOW_MS + " (" + window + ")");
        }
    }

    private static long ms(ConfigReport report, String key) {
        return (Long) report.value(key);
    }

    /** The settings of parsed, checked values (an {@code AbstractConfig}'s {@code values()}). */
    static HeapGrowthSettings settings(Map<String, ?> values) {
        HeapGrowthSettings d = HeapGrowthSettings.defaults();
        Duration window = ms(values, HEAP_WINDOW_MS);
        Duration bucket = ms(values, HEAP_BUCKET_MS);
        Duration minWindow = values.get(HEAP_MIN_WINDOW_MS) != null ? ms(values, HEAP_MIN_WINDOW_MS)
                : WindowScaled.minWindow(window, bucket);
        Duration sustain = values.get(HEAP_SUSTAIN_MS) != null ? ms(values, HEAP_SUSTAIN_MS)
                : WindowScaled.sustain(window, minWindow);
        return new HeapGrowthSettings(window, bucket, minWindow, ms(values, DetectorConfig.HEAP_WARMUP_MS),
                (Long) values.get(DetectorConfig.HEAP_MIN_GROWTH_KB),
                (Double) values.get(DetectorConfig.HEAP_MIN_RELATIVE_GROWTH),
                (Double) values.get(DetectorConfig.HEAP_SIGNIFICANCE), d.saturationRatio(), sustain,
                d.earlyEtaRatio(), d.minBucketFill(), (Double) values.get(DetectorConfig.HEAP_VMDATA_GROWTH_RATIO),
                ms(values, HEAP_SEASON_MS), WindowScaled.resolveWindow(window, bucket), d.resolveSignificance(),
                WindowScaled.resolveAfter(window), ms(values, HEAP_SEVERITY_CRITICAL_MS),
                ms(values, HEAP_SEVERITY_HIGH_MS), ms(values, HEAP_SEVERITY_MEDIUM_MS));
    }

    private static Duration ms(Map<String, ?> values, String key) {
        return Duration.ofMillis((Long) values.get(key));
    }
}
