package io.memfleet.aggregator.topology;

import io.memfleet.schema.Mapping;
import io.memfleet.schema.ProcessSample;
import java.util.ArrayList;
import java.util.List;

/**
 * Caps on the sizes of what a host's records put in the aggregator's state, so no host can make
 * every later read and write of its state expensive with one absurd value (a 10 MB process name is
 * rewritten with each of the process's samples). Each cap is far above anything Linux produces: a
 * process name ({@code comm}) is at most 15 bytes, a path at most {@code PATH_MAX} (4,096), a host
 * name at most 64. A value beyond its cap is cut and ends in {@link #MARK}; each cut counts once in
 * the host's {@code fieldsTruncated}. A mapping path is cut in its middle and keeps the kind its
 * whole path gave it, so cutting it never hides a deleted or memfd file from the detectors.
 */
final class FieldCaps {

    static final int NAME_CHARS = 256;
    static final int CMDLINE_CHARS = 16_384;
    static final int PATH_CHARS = 4_096;
    static final int HOST_TEXT_CHARS = 256;
    /** Ends a cut value, so a reader sees it is not whole. */
    static final String MARK = "…[truncated]";

    private FieldCaps() {
    }

    /** A sample within its caps, and how many of its fields were cut. */
    record Capped(ProcessSample sample, int truncated) {
    }

    static Capped sample(ProcessSample sample) {
        int cut = 0;
        String name = sample.name();
        if (name.length() > NAME_CHARS) {
            name = cut(name, NAME_CHARS);
            cut++;
        }
        List<String> cmdline = sample.cmdline();
        if (cmdline != null && length(cmdline) > CMDLINE_CHARS) {
            cmdline = cutCmdline(cmdline);
            cut++;
        }
        ProcessSample capped = cut == 0 ? sample : sample.withNameAndCmdline(name, cmdline);
        // What runs and where: paths as long as a path, the rest as long as a name.
        String exe = capPath(sample.exe());
        String cgroup = capPath(sample.cgroup());
        String buildId = capName(sample.buildId());
        String unit = capName(sample.unit());
        String containerId = capName(sample.containerId());
        int identityCut = changed(exe, sample.exe()) + changed(cgroup, sample.cgroup())
                + changed(buildId, sample.buildId()) + changed(unit, sample.unit())
                + changed(containerId, sample.containerId());
        if (identityCut > 0) {
            capped = capped.withIdentity(exe, buildId, cgroup, unit, containerId);
            cut += identityCut;
        }
        List<Mapping> mappings = sample.mappings();
        if (mappings != null && mappings.stream().anyMatch(m -> m.path().length() > PATH_CHARS)) {
            List<Mapping> cutMappings = new ArrayList<>(mappings.size());
            for (Mapping m : mappings) {
                if (m.path().length() > PATH_CHARS) {
                    cutMappings.add(new Mapping(m.start(), m.end(), m.perms(), m.offset(), m.dev(), m.inode(),
                            cutMiddle(m.path()), m.kind()));
                    cut++;
                } else {
                    cutMappings.add(m);
                }
            }
            capped = capped.withMappings(cutMappings);
        }
        return new Capped(capped, cut);
    }

    private static String capPath(String path) {
        return path == null || path.length() <= PATH_CHARS ? path : cutMiddle(path);
    }

    private static String capName(String value) {
        return value == null || value.length() <= NAME_CHARS ? value : cut(value, NAME_CHARS);
    }

    private static int changed(String capped, String original) {
        return capped == original ? 0 : 1; // the same instance when it was within its cap
    }

    /** A host name, boot id or collector version within its cap. */
    static String hostText(String value) {
        return value.length() > HOST_TEXT_CHARS ? cut(value, HOST_TEXT_CHARS) : value;
    }

    private static String cut(String value, int chars) {
        return value.substring(0, chars - MARK.length()) + MARK;
    }

    /**
     * A path cut in its middle: its end says the most (the file's name, and " (deleted)", which the
     * detectors read), so a padded path cannot hide that its file is gone.
     */
    private static String cutMiddle(String path) {
        int tail = 256;
        return path.substring(0, PATH_CHARS - MARK.length() - tail) + MARK + path.substring(path.length() - tail);
    }

    private static long length(List<String> args) {
        long total = 0;
        for (String arg : args) {
            total += arg.length() + 1; // and its NUL: a million empty arguments are not nothing
        }
        return total;
    }

    /** The arguments that fit, the last one cut, then the mark. */
    private static List<String> cutCmdline(List<String> args) {
        List<String> kept = new ArrayList<>();
        int left = CMDLINE_CHARS - MARK.length();
        for (String arg : args) {
            if (arg.length() + 1 > left) {
                kept.add(arg.substring(0, Math.max(0, Math.min(arg.length(), left - 1))) + MARK);
                break;
            }
            kept.add(arg);
            left -= arg.length() + 1;
        }
        return kept;
    }
}
