package io.memfleet.aggregator.detect.exec;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Which of the JIT runtimes' library patterns a path matches, as a bit mask (bit r for pattern r),
 * remembered per path. A memo of a pure function, so the detector stays pure; shared by the stream
 * threads (one detector serves every task), hence concurrent; bounded by starting over when full.
 */
final class LibraryMatches {

    /** Distinct executable file paths remembered; a fleet's hosts share most of their libraries. */
    static final int MAX_PATHS = 16_384;

    private final List<Pattern> patterns;
    private final Map<String, Long> byPath = new ConcurrentHashMap<>();

    LibraryMatches(List<Pattern> patterns) {
        if (patterns.size() > Long.SIZE) {
            throw new IllegalArgumentException("at most " + Long.SIZE + " JIT runtimes, got " + patterns.size());
        }
        this.patterns = List.copyOf(patterns);
    }

    /** Paths remembered now. */
    int size() {
        return byPath.size();
    }

    long matches(String path) {
        Long known = byPath.get(path);
        if (known != null) {
            return known;
        }
        long mask = 0;
        for (int r = 0; r < patterns.size(); r++) {
            if (patterns.get(r).matcher(path).find()) {
                mask |= 1L << r;
            }
        }
        if (byPath.size() >= MAX_PATHS) {
            byPath.clear();
        }
        byPath.put(path, mask);
        return mask;
    }
}
