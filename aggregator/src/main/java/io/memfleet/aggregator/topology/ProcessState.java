package io.memfleet.aggregator.topology;

import io.memfleet.schema.Mapping;
import io.memfleet.schema.ProcessSample;
import java.util.List;

/**
 * What the aggregator knows of one process (identity hostId, bootId, pid, startTime): when it was
 * first and last seen, when it exited, its latest sample (without mappings) and its current
 * mapping set. {@code mappingsOutOfSync} is set when the maps digest changed but the full list
 * has not arrived yet (a lost record); the collector's periodic resync clears it.
 */
public record ProcessState(
        long firstSeen,
        long lastSeen,
        Long exitedAt,
        ProcessSample latest,
        List<Mapping> mappings,
        boolean mappingsOutOfSync,
        List<String> cmdline) {

    static ProcessState first(ProcessSample sample) {
        boolean haveList = sample.mappings() != null;
        return new ProcessState(sample.sampledAt(), sample.sampledAt(), null, sample.withoutMappings(),
                haveList ? sample.mappings() : List.of(), !haveList, sample.cmdline());
    }

    ProcessState withSample(ProcessSample sample) {
        List<Mapping> current = mappings;
        boolean outOfSync = mappingsOutOfSync;
        if (sample.mappings() != null) {
            current = sample.mappings();
            outOfSync = false;
        } else if (!sample.mapsDigest().equals(latest.mapsDigest())) {
            outOfSync = true;
        }
        // The command line travels with the mapping list only; keep the last one seen.
        List<String> currentCmdline = sample.cmdline() != null ? sample.cmdline() : cmdline;
        return new ProcessState(firstSeen, Math.max(lastSeen, sample.sampledAt()), null, sample.withoutMappings(),
                current, outOfSync, currentCmdline);
    }

    ProcessState withExit(long exitedAt) {
        return new ProcessState(firstSeen, lastSeen, exitedAt, latest, mappings, mappingsOutOfSync, cmdline);
    }

    boolean live() {
        return exitedAt == null;
    }
}
