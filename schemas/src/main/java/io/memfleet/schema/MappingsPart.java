package io.memfleet.schema;

import java.util.List;
import java.util.Objects;

/**
 * One slice of a mapping list too big for one record. Field meanings: {@code MappingsPart.avsc};
 * how lists are split and put back together: {@code docs/protocol.md}.
 */
public record MappingsPart(
        String runId,
        long seq,
        String hostId,
        String bootId,
        int pid,
        long startTime,
        String mapsDigest,
        int mapCount,
        int part,
        int parts,
        List<Mapping> mappings) implements SampleRecord {

    public MappingsPart {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(hostId, "hostId");
        Objects.requireNonNull(bootId, "bootId");
        Objects.requireNonNull(mapsDigest, "mapsDigest");
        Objects.requireNonNull(mappings, "mappings");
        if (parts < 1 || part < 0 || part >= parts) {
            throw new IllegalArgumentException("part " + part + " of " + parts + ": expected 0 <= part < parts");
        }
        if (mapCount < 0) {
            throw new IllegalArgumentException("mapCount " + mapCount + " is negative");
        }
        mappings = List.copyOf(mappings);
    }

    public MappingsPart withSeq(long newSeq) {
        return new MappingsPart(runId, newSeq, hostId, bootId, pid, startTime, mapsDigest, mapCount, part, parts,
                mappings);
    }
}
