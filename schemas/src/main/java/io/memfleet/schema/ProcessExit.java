package io.memfleet.schema;

import java.util.Objects;

/** A process seen in the previous pass is gone. Field meanings and units: {@code ProcessExit.avsc}. */
public record ProcessExit(
        String runId,
        long seq,
        String hostId,
        String bootId,
        int pid,
        long startTime,
        String name,
        long exitedAt) implements SampleRecord {

    public ProcessExit {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(hostId, "hostId");
        Objects.requireNonNull(bootId, "bootId");
        Objects.requireNonNull(name, "name");
    }
}
