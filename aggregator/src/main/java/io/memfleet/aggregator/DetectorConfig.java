package io.memfleet.aggregator;

import io.memfleet.aggregator.detect.exec.ExecMappingSettings;
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
        ExecMappingSettings exec = ExecMappingSettings.defaults();
        return definition
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
