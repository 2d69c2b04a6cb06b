package io.memfleet.aggregator.query;

import io.memfleet.aggregator.topology.HostState;
import java.time.Instant;

/** A host as the HTTP API shows it; times are ISO-8601 UTC. */
public record HostView(
        String hostId,
        String hostname,
        String bootId,
        String collectorVersion,
        String firstSeen,
        String lastSeen,
        int processCount,
        int processesUnreadable,
        long samplesLost,
        long duplicatesDropped) {

    static HostView of(HostState host) {
        return new HostView(host.hostId(), host.hostname(), host.bootId(), host.collectorVersion(),
                Instant.ofEpochMilli(host.firstSeen()).toString(), Instant.ofEpochMilli(host.lastSeen()).toString(),
                host.processCount(), host.processesUnreadable(), host.samplesLost(), host.duplicatesDropped());
    }
}
