package io.memfleet.aggregator.detect.exec;

import io.memfleet.schema.Severity;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * What {@link ExecMappingDetector} needs to be told. Every field has a production default
 * ({@link #defaults()}); the proposed configuration key is in each parameter's description.
 *
 * @param learningPeriodMs          {@code detect.exec.learning.period.ms} (600000): process age
 *                                  ({@code at - firstSeen}) until which executable mappings are learned, not
 *                                  reported as new
 * @param jitRuntimes               {@code detect.exec.jit.runtimes}: the JIT runtime signatures ({@link JitRuntime#DEFAULTS})
 * @param jitProcessNames           {@code detect.exec.jit.process.names} (empty): regexes matched against the
 *                                  whole process name; a match is treated as a JIT runtime (anonymous executable
 *                                  memory of any permissions is expected), for JITs we do not recognise
 * @param allowPaths                {@code detect.exec.allow.paths} (empty): regexes found in a mapping's path
 *                                  (as the kernel wrote it); a match is never reported by any rule
 * @param suspiciousDirs            {@code detect.exec.suspicious.dirs}: regexes found in the path of a newly
 *                                  executable file that make it HIGH: {@code /tmp}, {@code /var/tmp},
 *                                  {@code /dev/shm}, {@code /run/user}, {@code /run/shm} and hidden directories
 * @param replacedPaths             {@code detect.exec.fileless.replaced.paths}: regexes found in the path of a
 *                                  deleted executable file that mean "replaced by a package upgrade"
 *                                  ({@code /usr}, {@code /lib*}, {@code /bin}, {@code /sbin}, {@code /opt},
 *                                  {@code /snap}, {@code /nix/store}, {@code /gnu/store})
 * @param filelessMainSeverity      {@code detect.exec.severity.fileless.main} (CRITICAL): the main executable
 *                                  is a memfd or a deleted file
 * @param filelessSeverity          {@code detect.exec.severity.fileless} (HIGH): any other memfd, System V
 *                                  segment or deleted file executed
 * @param filelessReplacedSeverity  {@code detect.exec.severity.fileless.replaced} (MEDIUM): a deleted file under
 *                                  {@code replacedPaths}
 * @param wxSeverity                {@code detect.exec.severity.wx} (HIGH): W+X anonymous memory outside a JIT
 *                                  runtime, W+X file mapping, file code made writable
 * @param wxHeapStackSeverity       {@code detect.exec.severity.wx.heap.stack} (HIGH): {@code x} on
 *                                  {@code [heap]} or {@code [stack]}
 * @param newAnonymousSeverity      {@code detect.exec.severity.new.anonymous} (HIGH)
 * @param newSuspiciousSeverity     {@code detect.exec.severity.new.suspicious.dir} (HIGH)
 * @param newLibrarySeverity        {@code detect.exec.severity.new.library} (LOW)
 * @param maxKnownFiles             {@code detect.exec.max.known.files} (1024): executable file paths learned per
 *                                  process; later ones are not learned (and so reported as new)
 * @param maxKnownAnonymousRanges   {@code detect.exec.max.known.anonymous.ranges} (64): anonymous executable
 *                                  ranges learned per process; beyond it the closest ranges are merged
 * @param maxOpenEpisodes           {@code detect.exec.max.open.episodes} (64): open episodes per process; an
 *                                  offending mapping beyond it is counted, not reported
 */
public record ExecMappingSettings(
        long learningPeriodMs,
        List<JitRuntime> jitRuntimes,
        List<String> jitProcessNames,
        List<String> allowPaths,
        List<String> suspiciousDirs,
        List<String> replacedPaths,
        Severity filelessMainSeverity,
        Severity filelessSeverity,
        Severity filelessReplacedSeverity,
        Severity wxSeverity,
        Severity wxHeapStackSeverity,
        Severity newAnonymousSeverity,
        Severity newSuspiciousSeverity,
        Severity newLibrarySeverity,
        int maxKnownFiles,
        int maxKnownAnonymousRanges,
        int maxOpenEpisodes) {

    public static final long DEFAULT_LEARNING_PERIOD_MS = 600_000;

    public static final List<String> DEFAULT_SUSPICIOUS_DIRS = List.of(
            "^/tmp/", "^/var/tmp/", "^/dev/shm/", "^/run/user/", "^/run/shm/", "/\\.[^/]+/");

    public static final List<String> DEFAULT_REPLACED_PATHS = List.of(
            "^/(usr|lib|lib32|lib64|libx32|bin|sbin|opt|snap)/", "^/nix/store/", "^/gnu/store/");

    public ExecMappingSettings {
        if (learningPeriodMs < 0) {
            throw new IllegalArgumentException("learningPeriodMs must be >= 0, was " + learningPeriodMs);
        }
        jitRuntimes = List.copyOf(jitRuntimes);
        jitProcessNames = regexes("jitProcessNames", jitProcessNames);
        allowPaths = regexes("allowPaths", allowPaths);
        suspiciousDirs = regexes("suspiciousDirs", suspiciousDirs);
        replacedPaths = regexes("replacedPaths", replacedPaths);
        Objects.requireNonNull(filelessMainSeverity, "filelessMainSeverity");
        Objects.requireNonNull(filelessSeverity, "filelessSeverity");
        Objects.requireNonNull(filelessReplacedSeverity, "filelessReplacedSeverity");
        Objects.requireNonNull(wxSeverity, "wxSeverity");
        Objects.requireNonNull(wxHeapStackSeverity, "wxHeapStackSeverity");
        Objects.requireNonNull(newAnonymousSeverity, "newAnonymousSeverity");
        Objects.requireNonNull(newSuspiciousSeverity, "newSuspiciousSeverity");
        Objects.requireNonNull(newLibrarySeverity, "newLibrarySeverity");
        atLeastOne("maxKnownFiles", maxKnownFiles);
        atLeastOne("maxKnownAnonymousRanges", maxKnownAnonymousRanges);
        atLeastOne("maxOpenEpisodes", maxOpenEpisodes);
    }

    /** The production defaults. */
    public static ExecMappingSettings defaults() {
        return new ExecMappingSettings(DEFAULT_LEARNING_PERIOD_MS, JitRuntime.DEFAULTS, List.of(), List.of(),
                DEFAULT_SUSPICIOUS_DIRS, DEFAULT_REPLACED_PATHS,
                Severity.CRITICAL, Severity.HIGH, Severity.MEDIUM,
                Severity.HIGH, Severity.HIGH,
                Severity.HIGH, Severity.HIGH, Severity.LOW,
                1024, 64, 64);
    }

    public ExecMappingSettings withLearningPeriodMs(long value) {
        return new ExecMappingSettings(value, jitRuntimes, jitProcessNames, allowPaths, suspiciousDirs, replacedPaths,
                filelessMainSeverity, filelessSeverity, filelessReplacedSeverity, wxSeverity, wxHeapStackSeverity,
                newAnonymousSeverity, newSuspiciousSeverity, newLibrarySeverity, maxKnownFiles,
                maxKnownAnonymousRanges, maxOpenEpisodes);
    }

    public ExecMappingSettings withJitProcessNames(List<String> value) {
        return new ExecMappingSettings(learningPeriodMs, jitRuntimes, value, allowPaths, suspiciousDirs, replacedPaths,
                filelessMainSeverity, filelessSeverity, filelessReplacedSeverity, wxSeverity, wxHeapStackSeverity,
                newAnonymousSeverity, newSuspiciousSeverity, newLibrarySeverity, maxKnownFiles,
                maxKnownAnonymousRanges, maxOpenEpisodes);
    }

    public ExecMappingSettings withAllowPaths(List<String> value) {
        return new ExecMappingSettings(learningPeriodMs, jitRuntimes, jitProcessNames, value, suspiciousDirs,
                replacedPaths, filelessMainSeverity, filelessSeverity, filelessReplacedSeverity, wxSeverity,
                wxHeapStackSeverity, newAnonymousSeverity, newSuspiciousSeverity, newLibrarySeverity, maxKnownFiles,
                maxKnownAnonymousRanges, maxOpenEpisodes);
    }

    public ExecMappingSettings withJitRuntimes(List<JitRuntime> value) {
        return new ExecMappingSettings(learningPeriodMs, value, jitProcessNames, allowPaths, suspiciousDirs,
                replacedPaths, filelessMainSeverity, filelessSeverity, filelessReplacedSeverity, wxSeverity,
                wxHeapStackSeverity, newAnonymousSeverity, newSuspiciousSeverity, newLibrarySeverity, maxKnownFiles,
                maxKnownAnonymousRanges, maxOpenEpisodes);
    }

    public ExecMappingSettings withLimits(int knownFiles, int knownAnonymousRanges, int openEpisodes) {
        return new ExecMappingSettings(learningPeriodMs, jitRuntimes, jitProcessNames, allowPaths, suspiciousDirs,
                replacedPaths, filelessMainSeverity, filelessSeverity, filelessReplacedSeverity, wxSeverity,
                wxHeapStackSeverity, newAnonymousSeverity, newSuspiciousSeverity, newLibrarySeverity, knownFiles,
                knownAnonymousRanges, openEpisodes);
    }

    private static List<String> regexes(String field, List<String> values) {
        List<String> copy = List.copyOf(values);
        for (String regex : copy) {
            try {
                Pattern.compile(regex);
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException(field + ": '" + regex + "' is not a regular expression: "
                        + e.getDescription(), e);
            }
        }
        return copy;
    }

    private static void atLeastOne(String field, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(field + " must be >= 1, was " + value);
        }
    }
}
