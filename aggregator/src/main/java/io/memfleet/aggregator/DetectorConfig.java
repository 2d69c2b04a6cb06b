package io.memfleet.aggregator;

import io.memfleet.aggregator.detect.exec.ExecMappingSettings;
import io.memfleet.aggregator.detect.heap.HeapGrowthSettings;
import io.memfleet.common.config.Validators;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/** The {@code detect.*} keys of the aggregator: which detectors run, and their thresholds and allowlists. */
final class DetectorConfig {

    static final String HEAP_ENABLED = "detect.heap.enabled";
    static final String HEAP_WINDOW_MS = "detect.heap.window.ms";
    static final String HEAP_BUCKET_MS = "detect.heap.bucket.ms";
    static final String HEAP_MIN_WINDOW_MS = "detect.heap.min.window.ms";
    static final String HEAP_WARMUP_MS = "detect.heap.warmup.ms";
    static final String HEAP_MIN_GROWTH_KB = "detect.heap.min.growth.kb";
    static final String HEAP_MIN_RELATIVE_GROWTH = "detect.heap.min.relative.growth";
    static final String HEAP_SIGNIFICANCE = "detect.heap.significance";
    static final String HEAP_SUSTAIN_MS = "detect.heap.sustain.ms";
    static final String HEAP_VMDATA_GROWTH_RATIO = "detect.heap.vmdata.growth.ratio";
    static final String HEAP_SEASON_MS = "detect.heap.season.ms";
    static final String HEAP_SEVERITY_CRITICAL_MS = "detect.heap.severity.critical.ms";
    static final String HEAP_SEVERITY_HIGH_MS = "detect.heap.severity.high.ms";
    static final String HEAP_SEVERITY_MEDIUM_MS = "detect.heap.severity.medium.ms";

    /** The finest envelope resolution: one second, well under any sampling interval. */
    static final long MIN_BUCKET_MS = 1_000;

    static final String EXEC_ENABLED = "detect.exec.enabled";
    static final String EXEC_LEARNING_PERIOD_MS = "detect.exec.learning.period.ms";
    static final String EXEC_JIT_PROCESS_NAMES = "detect.exec.jit.process.names";
    static final String EXEC_ALLOW_PATHS = "detect.exec.allow.paths";
    static final String EXEC_SUSPICIOUS_DIRS = "detect.exec.suspicious.dirs";

    private static final ConfigDef.Validator REGEX_LIST = Validators.described("comma-separated regular expressions",
            (name, value) -> {
                for (Object regex : value == null ? List.of() : (List<?>) value) {
                    try {
                        Pattern.compile(regex.toString());
                    } catch (PatternSyntaxException e) {
                        throw new ConfigException(name, regex, "not a regular expression: " + e.getDescription());
                    }
                }
            });

    /** A p-value: 0 would never fire and 1 always, and the detector's tests divide by neither. */
    private static final ConfigDef.Validator P_VALUE = Validators.described("(0, 1) exclusive", (name, value) -> {
        if (value != null && !((Double) value > 0 && (Double) value < 1)) {
            throw new ConfigException(name, value, "must be above 0 and below 1");
        }
    });

    private static final ConfigDef.Validator POSITIVE_MS = ConfigDef.Range.atLeast(1);

    private DetectorConfig() {
    }

    static ConfigDef define(ConfigDef definition) {
        HeapGrowthSettings heap = HeapGrowthSettings.defaults();
        ExecMappingSettings exec = ExecMappingSettings.defaults();
        definition
                .define(HEAP_ENABLED, Type.BOOLEAN, true, Importance.MEDIUM,
                        "Run the HEAP_GROWTH (leak) detector.")
                .define(HEAP_WINDOW_MS, Type.LONG, heap.window().toMillis(),
                        ConfigDef.Range.atLeast(HeapGrowthSettings.MIN_BUCKETS * MIN_BUCKET_MS), Importance.LOW,
                        "Trend window, milliseconds: a day, so a daily load cycle spans a whole period. A whole number "
                                + "of " + HEAP_BUCKET_MS + ", " + HeapGrowthSettings.MIN_BUCKETS + " to "
                                + HeapGrowthSettings.MAX_BUCKETS + " of them: with the default bucket, 4800000 (80 min) "
                                + "to 614400000 (170 h 40 min) in steps of 600000 (10 min). " + HEAP_MIN_WINDOW_MS
                                + " and " + HEAP_SUSTAIN_MS + ", when not set, and the resolve window (a quarter of "
                                + "it, at least 6 buckets) and resolve time (an eighth) scale with it.")
                .define(HEAP_BUCKET_MS, Type.LONG, heap.bucket().toMillis(), ConfigDef.Range.atLeast(MIN_BUCKET_MS),
                        Importance.LOW, "Envelope resolution: the minimum of anonymous memory per bucket, milliseconds "
                                + "(so a GC sawtooth is not growth).");
        defineDerived(definition, HEAP_MIN_WINDOW_MS, "window / 8, at least 6 buckets (3 h with the default window)",
                "Shortest growth segment that may decide, milliseconds; from 6 × " + HEAP_BUCKET_MS + " to "
                        + HEAP_WINDOW_MS + ". Not set: an eighth of " + HEAP_WINDOW_MS + ", at least 6 buckets.");
        definition
                .define(HEAP_WARMUP_MS, Type.LONG, heap.warmup().toMillis(), ConfigDef.Range.atLeast(0),
                        Importance.LOW, "Samples this soon after a process is first seen are ignored (start-up), ms.")
                .define(HEAP_MIN_GROWTH_KB, Type.LONG, heap.minGrowthKb(), ConfigDef.Range.atLeast(0),
                        Importance.MEDIUM, "Minimum anonymous-memory growth over the segment, kB.")
                .define(HEAP_MIN_RELATIVE_GROWTH, Type.DOUBLE, heap.minRelativeGrowth(),
                        ConfigDef.Range.between(0, 100), Importance.MEDIUM,
                        "... and at least this fraction of the level growth started from.")
                .define(HEAP_SIGNIFICANCE, Type.DOUBLE, heap.significance(), P_VALUE,
                        Importance.LOW, "Mann-Kendall one-sided p-value a trend must reach.");
        defineDerived(definition, HEAP_SUSTAIN_MS, "2/3 of the window (16 h with the default window)",
                "Growth must last this long, milliseconds, unless at its rate the memory bound runs out sooner than "
                        + "it has already lasted; from " + HEAP_MIN_WINDOW_MS + " to " + HEAP_WINDOW_MS + ". Not set: "
                        + "two thirds of " + HEAP_WINDOW_MS + ", at least " + HEAP_MIN_WINDOW_MS + ".");
        return definition
                .define(HEAP_VMDATA_GROWTH_RATIO, Type.DOUBLE, heap.vmDataGrowthRatio(), ConfigDef.Range.between(0, 1),
                        Importance.LOW, "VmData must grow by at least this fraction of the anonymous growth; 0 turns "
                                + "the check off.")
                .define(HEAP_SEASON_MS, Type.LONG, heap.seasonPeriod().toMillis(), ConfigDef.Range.atLeast(0),
                        Importance.LOW, "Length of the load cycle the day-over-day test compares, milliseconds, a "
                                + "whole number of " + HEAP_BUCKET_MS + "; 0 turns it off.")
                .define(HEAP_SEVERITY_CRITICAL_MS, Type.LONG, heap.criticalEta().toMillis(), POSITIVE_MS,
                        Importance.LOW, "CRITICAL when the memory bound is projected to run out sooner, ms; at most "
                                + HEAP_SEVERITY_HIGH_MS + ".")
                .define(HEAP_SEVERITY_HIGH_MS, Type.LONG, heap.highEta().toMillis(), POSITIVE_MS,
                        Importance.LOW, "HIGH when sooner than this, milliseconds; at most " + HEAP_SEVERITY_MEDIUM_MS
                                + ".")
                .define(HEAP_SEVERITY_MEDIUM_MS, Type.LONG, heap.mediumEta().toMillis(), POSITIVE_MS,
                        Importance.LOW, "MEDIUM when sooner than this, milliseconds; LOW otherwise.")
                .define(EXEC_ENABLED, Type.BOOLEAN, true, Importance.MEDIUM,
                        "Run the executable-mapping detectors (FILELESS_EXEC, WX_MAPPING, NEW_EXEC_MAPPING).")
                .define(EXEC_LEARNING_PERIOD_MS, Type.LONG, exec.learningPeriodMs(), ConfigDef.Range.atLeast(0),
                        Importance.MEDIUM, "How long a process is watched before an executable mapping it adds counts "
                                + "as new (NEW_EXEC_MAPPING), milliseconds of process age.")
                .define(EXEC_JIT_PROCESS_NAMES, Type.LIST, "", REGEX_LIST, Importance.LOW,
                        "Whole-name regular expressions of processes to treat as JIT runtimes beyond those recognised "
                                + "by their libraries: their anonymous executable memory is expected.")
                .define(EXEC_ALLOW_PATHS, Type.LIST, "", REGEX_LIST, Importance.MEDIUM,
                        "Regular expressions of mapping paths no executable-mapping rule ever reports.")
                .define(EXEC_SUSPICIOUS_DIRS, Type.LIST, String.join(",", exec.suspiciousDirs()), REGEX_LIST,
                        Importance.LOW, "Regular expressions of paths from which a newly loaded executable file is "
                                + "reported HIGH rather than LOW.");
    }

    /**
     * A duration key whose default is derived from the window: no default value (null, so unset can
     * be told from set), and {@code derivedDefault} in the docs' default column.
     */
    private static void defineDerived(ConfigDef definition, String key, String derivedDefault, String doc) {
        definition.define(key, Type.LONG, null, Validators.optional(POSITIVE_MS), Importance.LOW, doc, null, -1,
                ConfigDef.Width.NONE, key, List.of(), null, derivedDefault);
    }

    /** The leak detector's settings; any conflict left after {@link HeapKeys#check} is a bug, named as one. */
    static HeapGrowthSettings heap(AbstractConfig config) {
        try {
            return HeapKeys.settings(config.values());
        } catch (IllegalArgumentException e) {
            throw new ConfigException("detect.heap.*: " + e.getMessage());
        }
    }

    static ExecMappingSettings exec(AbstractConfig config) {
        ExecMappingSettings d = ExecMappingSettings.defaults();
        return new ExecMappingSettings(config.getLong(EXEC_LEARNING_PERIOD_MS), d.jitRuntimes(),
                config.getList(EXEC_JIT_PROCESS_NAMES), config.getList(EXEC_ALLOW_PATHS),
                config.getList(EXEC_SUSPICIOUS_DIRS), d.replacedPaths(), d.filelessMainSeverity(), d.filelessSeverity(),
                d.filelessReplacedSeverity(), d.wxSeverity(), d.wxHeapStackSeverity(), d.newAnonymousSeverity(),
                d.newSuspiciousSeverity(), d.newLibrarySeverity(), d.maxKnownFiles(), d.maxKnownAnonymousRanges(),
                d.maxOpenEpisodes());
    }
}
