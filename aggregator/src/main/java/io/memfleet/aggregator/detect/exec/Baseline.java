package io.memfleet.aggregator.detect.exec;

import io.memfleet.aggregator.detect.exec.ExecMappingState.Range;
import io.memfleet.schema.Mapping;
import io.memfleet.schema.MappingKind;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** What a process's learning period learns: executable files, anonymous code ranges, a code cache reservation. */
final class Baseline {

    private Baseline() {
    }

    /**
     * Paths learned per process may take this many UTF-8 bytes in all: a process names its own
     * files, and 1,024 paths of 4 KiB would make a 4 MiB state, over the 1 MiB a changelog record
     * may take by default (which would stop the aggregator's stream thread).
     */
    static final int MAX_KNOWN_FILES_BYTES = 256 * 1024;

    /** Adds the paths of executable files, up to {@code max} in all and {@link #MAX_KNOWN_FILES_BYTES} of them. */
    static List<String> learnFiles(List<String> known, List<Mapping> current, int max) {
        TreeSet<String> files = new TreeSet<>(known);
        long bytes = 0;
        for (String file : files) {
            bytes += file.getBytes(StandardCharsets.UTF_8).length;
        }
        for (Mapping mapping : current) {
            if (files.size() >= max) {
                break;
            }
            if (mapping.executable() && mapping.kind() != MappingKind.HEAP && mapping.kind() != MappingKind.STACK
                    && mapping.path().startsWith("/") && !ExecMappingDetector.anonymous(mapping)
                    && !files.contains(mapping.path())) {
                int size = mapping.path().getBytes(StandardCharsets.UTF_8).length;
                if (bytes + size > MAX_KNOWN_FILES_BYTES) {
                    break;
                }
                files.add(mapping.path());
                bytes += size;
            }
        }
        return List.copyOf(files);
    }

    /** Adds the anonymous executable ranges, merges touching ones, then the closest ones while too many. */
    static List<Range> learnAnonymous(List<Range> known, List<Mapping> current, int max) {
        List<Range> ranges = new ArrayList<>(known);
        for (Mapping mapping : current) {
            if (mapping.executable() && ExecMappingDetector.anonymous(mapping)) {
                ranges.add(new Range(mapping.start(), mapping.end()));
            }
        }
        return merge(ranges, max);
    }

    /**
     * The code cache reservation of a runtime that makes one: each anonymous executable region its
     * signature allows, with the inaccessible ({@code ---p}) anonymous reserve right after it.
     */
    static List<Range> learnCodeCache(List<Range> known, List<Mapping> current, List<Pattern> reserving, int max) {
        if (reserving.isEmpty()) {
            return known;
        }
        List<Range> ranges = new ArrayList<>(known);
        for (int i = 0; i < current.size(); i++) {
            Mapping mapping = current.get(i);
            if (!mapping.executable() || !ExecMappingDetector.anonymous(mapping)
                    || reserving.stream().noneMatch(perms -> perms.matcher(mapping.perms()).matches())) {
                continue;
            }
            long end = mapping.end();
            for (int j = i + 1; j < current.size(); j++) {
                Mapping next = current.get(j);
                if (next.start() != end || next.kind() != MappingKind.ANON || !next.perms().startsWith("---")) {
                    break;
                }
                end = next.end();
            }
            ranges.add(new Range(mapping.start(), end));
        }
        return merge(ranges, max);
    }

    static List<Range> merge(List<Range> ranges, int max) {
        ranges.sort(Comparator.comparing(Range::start, Long::compareUnsigned));
        List<Range> merged = new ArrayList<>();
        for (Range range : ranges) {
            Range last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (last != null && Long.compareUnsigned(range.start(), last.end()) <= 0) {
                merged.set(merged.size() - 1, new Range(last.start(), maxUnsigned(last.end(), range.end())));
            } else {
                merged.add(range);
            }
        }
        while (merged.size() > max) {
            int closest = 0;
            for (int i = 1; i + 1 < merged.size(); i++) {
                if (Long.compareUnsigned(gap(merged, i), gap(merged, closest)) < 0) {
                    closest = i;
                }
            }
            Range low = merged.get(closest);
            Range high = merged.remove(closest + 1);
            merged.set(closest, new Range(low.start(), high.end()));
        }
        return List.copyOf(merged);
    }

    private static long gap(List<Range> ranges, int i) {
        return ranges.get(i + 1).start() - ranges.get(i).end();
    }

    private static long maxUnsigned(long a, long b) {
        return Long.compareUnsigned(a, b) >= 0 ? a : b;
    }

    /** True when the mapping lies wholly inside one of the ranges. */
    static boolean within(List<Range> known, Mapping mapping) {
        for (Range range : known) {
            if (range.contains(mapping.start(), mapping.end())) {
                return true;
            }
        }
        return false;
    }
}
