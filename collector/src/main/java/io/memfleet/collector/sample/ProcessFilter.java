package io.memfleet.collector.sample;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which processes to sample: by command name (regular expressions matched against the whole
 * name) and by real uid. A process is sampled when it matches an include rule (or there are
 * none) and matches no exclude rule. Pure.
 */
public record ProcessFilter(List<Pattern> includeNames, List<Pattern> excludeNames, Set<Long> includeUids,
                            Set<Long> excludeUids) {

    public static final ProcessFilter ALL = new ProcessFilter(List.of(), List.of(), Set.of(), Set.of());

    public ProcessFilter {
        includeNames = List.copyOf(includeNames);
        excludeNames = List.copyOf(excludeNames);
        includeUids = Set.copyOf(includeUids);
        excludeUids = Set.copyOf(excludeUids);
    }

    public boolean accepts(String name, long uid) {
        boolean included = (includeNames.isEmpty() || matchesAny(includeNames, name))
                && (includeUids.isEmpty() || includeUids.contains(uid));
        return included && !matchesAny(excludeNames, name) && !excludeUids.contains(uid);
    }

    private static boolean matchesAny(List<Pattern> patterns, String name) {
        for (Pattern pattern : patterns) {
            if (pattern.matcher(name).matches()) {
                return true;
            }
        }
        return false;
    }
}
