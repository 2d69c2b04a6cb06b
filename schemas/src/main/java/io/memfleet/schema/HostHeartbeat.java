package io.memfleet.schema;

import java.util.Objects;

/** Once per collector pass. Field meanings and units: {@code HostHeartbeat.avsc}. */
public record HostHeartbeat(
        String runId,
        long seq,
        String hostId,
        String hostname,
        String bootId,
        String collectorVersion,
        long sampledAt,
        long intervalMs,
        int processesSeen,
        int processesUnreadable,
        int processesVanished,
        int processesMalformed,
        long passDurationMs,
        long recordsSent,
        long bytesSent,
        long recordsDropped,
        long spoolBytes,
        Long memTotalKb) implements SampleRecord {

    public HostHeartbeat {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(hostId, "hostId");
        Objects.requireNonNull(hostname, "hostname");
        Objects.requireNonNull(bootId, "bootId");
        Objects.requireNonNull(collectorVersion, "collectorVersion");
    }
}
