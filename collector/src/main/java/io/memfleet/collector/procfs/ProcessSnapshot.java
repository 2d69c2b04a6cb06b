package io.memfleet.collector.procfs;

import io.memfleet.schema.Mapping;
import java.util.List;
import java.util.Objects;

/**
 * Everything read about one process in one pass.
 *
 * @param pid        the pid directory that was read
 * @param stat       from {@code stat}; {@code stat.startTime()} completes the process identity
 * @param status     from {@code status}
 * @param mappings   from {@code maps}, in file order, unmodifiable
 * @param mapsDigest {@link MapsDigest} of the raw maps bytes, 32 hex characters
 * @param mapsBytes  size of the raw maps file in bytes
 */
public record ProcessSnapshot(int pid, ProcStat stat, ProcStatus status, List<Mapping> mappings, String mapsDigest,
                              int mapsBytes) {

    public ProcessSnapshot {
        Objects.requireNonNull(stat, "stat");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(mapsDigest, "mapsDigest");
        // The parser already returns an immutable list, which List.copyOf hands back without copying.
        mappings = List.copyOf(mappings);
    }
}
