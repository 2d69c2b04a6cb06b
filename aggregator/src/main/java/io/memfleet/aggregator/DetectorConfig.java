package io.memfleet.aggregator;

import io.memfleet.aggregator.detect.exec.ExecMappingSettings;
import io.memfleet.aggregator.detect.heap.HeapGrowthSettings;
import java.time.Duration;
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

    static final String EXEC_ENABLED = "detect.exec.enabled";
    static final String EXEC_LEARNING_PERIOD_MS = "detect.exec.learning.period.ms";
    static final String EXEC_JIT_PROCESS_NAMES = "detect.exec.jit.process.names";
    static final String EXEC_ALLOW_PATHS = "detect.exec.allow.paths";
    static final String EXEC_SUSPICIOUS_DIRS = "detect.exec.suspicious.dirs";

    private static final ConfigDef.Validator REGEX_LIST = (name, value) -> {
        for (Object regex : (List<?>) value) {
            try {
                Pattern.compile(regex.toString());
            } catch (PatternSyntaxException e) {
                throw new ConfigException(name, regex, "not a regular expression: " + e.getDescription());
            }
        }
    };

    private DetectorConfig() {
    }

    static ConfigDef define(ConfigDef definition) {
        HeapGrowthSettings heap = HeapGrowthSettings.defaults();
        ExecMappingSettings exec = ExecMappingSettings.defaults();
        return definition
                .define(HEAP_ENABLED, Type.BOOLEAN, true, Importance.MEDIUM,
                        "Run the HEAP_GROWTH (leak) detector.")
                .define(HEAP_WINDOW_MS, Type.LONG, heap.window().toMillis(), ConfigDef.Range.atLeast(60_000),
                        Importance.LOW, "Trend window, milliseconds: a day, so a daily load cycle spans a whole period.")
                .define(HEAP_BUCKET_MS, Type.LONG, heap.bucket().toMillis(), ConfigDef.Range.atLeast(1_000),
                        Importance.LOW, "Envelope resolution: the minimum of anonymous memory per bucket, milliseconds "
                                + "(so a GC sawtooth is not growth).")
                .define(HEAP_MIN_WINDOW_MS, Type.LONG, heap.minWindow().toMillis(), ConfigDef.Range.atLeast(0),
                        Importance.LOW, "Shortest growth segment that may decide, milliseconds.")
                .define(HEAP_WARMUP_MS, Type.LONG, heap.warmup().toMillis(), ConfigDef.Range.atLeast(0),
                        Importance.LOW, "Samples this soon after a process is first seen are ignored (start-up), ms.")
                .define(HEAP_MIN_GROWTH_KB, Type.LONG, heap.minGrowthKb(), ConfigDef.Range.atLeast(0),
                        Importance.MEDIUM, "Minimum anonymous-memory growth over the segment, kB.")
                .define(HEAP_MIN_RELATIVE_GROWTH, Type.DOUBLE, heap.minRelativeGrowth(), ConfigDef.Range.atLeast(0),
                        Importance.MEDIUM, "... and at least this fraction of the level growth started from.")
                .define(HEAP_SIGNIFICANCE, Type.DOUBLE, heap.significance(), ConfigDef.Range.between(0, 1),
                        Importance.LOW, "Mann-Kendall one-sided p-value a trend must reach.")
                .define(HEAP_SUSTAIN_MS, Type.LONG, heap.sustain().toMillis(), ConfigDef.Range.atLeast(0),
                        Importance.MEDIUM, "Growth must last this long, milliseconds, unless at its rate the memory "
                                + "bound runs out sooner than it has already lasted.")
                .define(HEAP_VMDATA_GROWTH_RATIO, Type.DOUBLE, heap.vmDataGrowthRatio(), ConfigDef.Range.between(0, 1),
                        Importance.LOW, "VmData must grow by at least this fraction of the anonymous growth; 0 turns "
                                + "the check off.")
                .define(HEAP_SEASON_MS, Type.LONG, heap.seasonPeriod().toMillis(), ConfigDef.Range.atLeast(0),
                        Importance.LOW, "Length of the load cycle the day-over-day test compares, milliseconds; 0 "
                                + "turns it off.")
                .define(HEAP_SEVERITY_CRITICAL_MS, Type.LONG, heap.criticalEta().toMillis(), ConfigDef.Range.atLeast(0),
                        Importance.LOW, "CRITICAL when the memory bound is projected to run out sooner, ms.")
                .define(HEAP_SEVERITY_HIGH_MS, Type.LONG, heap.highEta().toMillis(), ConfigDef.Range.atLeast(0),
                        Importance.LOW, "HIGH when sooner than this, milliseconds.")
                .define(HEAP_SEVERITY_MEDIUM_MS, Type.LONG, heap.mediumEta().toMillis(), ConfigDef.Range.atLeast(0),
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

    /** The leak detector's settings; their checks across keys fail naming the keys. */
    static HeapGrowthSettings heap(AbstractConfig config) {
        HeapGrowthSettings d = HeapGrowthSettings.defaults();
        try {
            return new HeapGrowthSettings(ms(config, HEAP_WINDOW_MS), ms(config, HEAP_BUCKET_MS),
                    ms(config, HEAP_MIN_WINDOW_MS), ms(config, HEAP_WARMUP_MS), config.getLong(HEAP_MIN_GROWTH_KB),
                    config.getDouble(HEAP_MIN_RELATIVE_GROWTH), config.getDouble(HEAP_SIGNIFICANCE),
                    d.saturationRatio(), ms(config, HEAP_SUSTAIN_MS), d.earlyEtaRatio(), d.minBucketFill(),
                    config.getDouble(HEAP_VMDATA_GROWTH_RATIO), ms(config, HEAP_SEASON_MS), d.resolveWindow(),
                    d.resolveSignificance(), d.resolveAfter(), ms(config, HEAP_SEVERITY_CRITICAL_MS),
                    ms(config, HEAP_SEVERITY_HIGH_MS), ms(config, HEAP_SEVERITY_MEDIUM_MS));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("detect.heap.*: " + e.getMessage());
        }
    }

    private static Duration ms(AbstractConfig config, String key) {
        return Duration.ofMillis(config.getLong(key));
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
