package io.memfleet.common.config;

import java.util.Collection;
import java.util.Optional;

/** The "did you mean" of an unknown key: the known key within a few typos of it, if there is one. */
final class ClosestKey {

    /** More edits than this and the suggestion is more likely wrong than helpful. */
    private static final int MAX_EDITS = 3;

    private ClosestKey() {
    }

    static Optional<String> to(String unknown, Collection<String> known) {
        String best = null;
        int bestDistance = MAX_EDITS + 1;
        for (String key : known) {
            int distance = distance(unknown, key);
            if (distance < bestDistance) {
                best = key;
                bestDistance = distance;
            }
        }
        return Optional.ofNullable(best);
    }

    /** Levenshtein distance; keys are short, so the quadratic table is cheap. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
