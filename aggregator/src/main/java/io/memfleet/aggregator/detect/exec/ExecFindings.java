package io.memfleet.aggregator.detect.exec;

import io.memfleet.aggregator.detect.Finding;
import io.memfleet.aggregator.detect.exec.ExecMappingDetector.Context;
import io.memfleet.aggregator.detect.exec.ExecMappingDetector.Verdict;
import io.memfleet.aggregator.detect.exec.ExecMappingState.Episode;
import io.memfleet.schema.AnomalyStatus;
import io.memfleet.schema.AnomalyType;
import io.memfleet.schema.Mapping;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** The words of {@link ExecMappingDetector}'s findings: summaries a person understands, and evidence. */
final class ExecFindings {

    private final ExecMappingSettings settings;
    private final List<Pattern> replacedPaths;

    ExecFindings(ExecMappingSettings settings, List<Pattern> replacedPaths) {
        this.settings = settings;
        this.replacedPaths = replacedPaths;
    }

    Finding firing(Verdict verdict, Context context) {
        Mapping mapping = verdict.mapping();
        Map<String, String> evidence = new LinkedHashMap<>();
        evidence.put("rule", verdict.rule().describe());
        evidence.put("mapping", MapsLine.of(mapping));
        if (verdict.before() != null) {
            evidence.put("mappingBefore", MapsLine.of(verdict.before()));
        }
        if (verdict.rule().type() == AnomalyType.FILELESS_EXEC) {
            evidence.put("mainExecutable", String.valueOf(mapping.path().equals(context.mainExecutable())));
        }
        evidence.put("jitRuntime", context.jitEvidence());
        if (verdict.rule().type() == AnomalyType.NEW_EXEC_MAPPING) {
            evidence.put("baseline", "learned until process age " + seconds(settings.learningPeriodMs()) + ": "
                    + context.state().knownFiles().size() + " executable files, "
                    + context.state().knownAnonymous().size() + " anonymous executable ranges");
        } else {
            evidence.put("baseline", "not needed: this rule applies from the first mapping list on");
        }
        evidence.put("processAge", seconds(context.age()));
        return new Finding(verdict.rule().type(), verdict.severity(), AnomalyStatus.FIRING, verdict.episode(),
                summary(verdict, context), evidence);
    }

    private String summary(Verdict verdict, Context context) {
        Mapping mapping = verdict.mapping();
        String who = context.who();
        String path = mapping.path();
        String at = MapsLine.address(mapping.start());
        boolean main = path.equals(context.mainExecutable());
        switch (verdict.rule()) {
            case FILELESS_MEMFD:
                return main ? who + " is running a main executable that exists only in memory, a memfd (" + path + ")."
                        : who + " is executing code from a memfd (" + path + "), a file that exists only in memory.";
            case FILELESS_SYSV:
                return who + " is executing code from System V shared memory (" + path
                        + "), which exists only in memory.";
            case FILELESS_DELETED:
                String file = ExecMappingDetector.stripDeleted(path);
                if (verdict.severity() == settings.filelessReplacedSeverity() && ExecMappingDetector.matchesAny(replacedPaths, path)) {
                    return who + " is executing code from " + file + ", deleted since it was loaded (most likely "
                            + "replaced by a package upgrade: the process runs the old code until restarted).";
                }
                return main ? who + " is running from a deleted main executable, " + file + "."
                        : who + " is executing code from " + file + ", a file deleted after it was mapped.";
            case WX_HEAP_STACK:
                return who + " has an executable " + path + " (" + mapping.perms() + " at " + at
                        + "), where no code belongs.";
            case WX_ANONYMOUS:
                return who + " has " + size(mapping) + " of anonymous memory at " + at
                        + " that is both writable and executable, " + unexplained(context);
            case WX_FILE:
                return who + " maps " + path + " both writable and executable at " + at
                        + ", so the code it runs can be rewritten in memory.";
            case WX_CODE_MADE_WRITABLE:
                return who + " made the code of " + path + " at " + at
                        + " writable, the way an in-memory patch or hook does.";
            case NEW_ANONYMOUS:
                return who + " mapped " + size(mapping) + " of anonymous executable memory (" + mapping.perms()
                        + " at " + at + ") after its learning period, " + unexplained(context);
            case NEW_SUSPICIOUS_DIR:
                return who + " loaded executable code from " + path + ", in " + where(path)
                        + ", after its learning period.";
            case NEW_LIBRARY:
                return who + " loaded " + path + " after its learning period, an executable file it did not map before.";
            default:
                throw new IllegalStateException(verdict.rule().name());
        }
    }

    /** The end of a sentence about anonymous code no runtime explains. */
    private static String unexplained(Context context) {
        if (context.jit().isEmpty()) {
            return "and no JIT runtime is loaded to explain it.";
        }
        List<String> reserving = context.jit().stream().map(r -> r.runtime().runtime())
                .filter(JitRuntime::reservesCodeCache).map(JitRuntime::name).toList();
        if (!reserving.isEmpty() && !context.state().codeCache().isEmpty()) {
            return "outside the code cache " + String.join(" and ", reserving) + " reserved at start.";
        }
        List<String> names = context.jit().stream().map(r -> r.runtime().runtime().name()).toList();
        return "and the JIT runtime loaded (" + String.join(", ", names) + ") does not make such memory.";
    }

    private static String where(String path) {
        if (path.startsWith("/tmp/") || path.startsWith("/var/tmp/") || path.startsWith("/dev/shm/")
                || path.startsWith("/run/shm/")) {
            return "a directory anyone can write to";
        }
        if (path.startsWith("/run/user/")) {
            return "a user's runtime directory";
        }
        if (path.contains("/.")) {
            return "a hidden directory";
        }
        return "a directory where code does not belong";
    }

    static Finding resolved(Episode episode, String who, String reason) {
        Rule rule = Rule.valueOf(episode.rule());
        Map<String, String> evidence = new LinkedHashMap<>();
        evidence.put("rule", rule.describe());
        evidence.put("mapping", episode.line());
        evidence.put("resolution", reason);
        String what = rule.noun() + " at " + MapsLine.address(episode.start())
                + (episode.path().isEmpty() ? "" : " (" + episode.path() + ")");
        return new Finding(episode.type(), episode.severity(), AnomalyStatus.RESOLVED, episode.episode(),
                who + " no longer has the " + what + ": " + reason + ".", evidence);
    }

    static String resolution(Episode episode, List<Mapping> current) {
        for (Mapping mapping : current) {
            if (mapping.start() == episode.start() && mapping.path().equals(episode.path())) {
                return "the mapping is now " + mapping.perms();
            }
        }
        return "the mapping is gone";
    }

    private static String seconds(long ms) {
        return (ms / 1000) + " s";
    }

    private static String size(Mapping mapping) {
        long bytes = mapping.sizeBytes();
        if (Long.compareUnsigned(bytes, 1L << 20) < 0) {
            return Long.toUnsignedString(bytes >>> 10) + " KiB";
        }
        if (Long.compareUnsigned(bytes, 1L << 30) < 0) {
            return Long.toUnsignedString(bytes >>> 20) + " MiB";
        }
        return Long.toUnsignedString(bytes >>> 30) + " GiB";
    }
}
