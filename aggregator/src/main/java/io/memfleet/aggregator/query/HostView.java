package io.memfleet.aggregator.query;

import io.memfleet.aggregator.topology.HostState;
import java.time.Instant;

/**
 * A host as the HTTP API shows it; times are ISO-8601 UTC. {@code runId} and {@code lastSeq} are
 * the collector run and the last {@code seq} folded, so a caller can tell how far the aggregator got.
 * {@code clockSkewMs} is the host's latest record's time minus the broker's; {@code samplesOutOfTime}
 * counts its records whose own time could not be used (filed at the broker's, or older than the history).
 */
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
        long duplicatesDropped,
        String runId,
        long lastSeq,
        long collectorRestarts,
        long clockSkewMs,
        long samplesOutOfTime) {

    static HostView of(HostState host) {
        return new HostView(host.hostId(), host.hostname(), host.bootId(), host.collectorVersion(),
                Instant.ofEpochMilli(host.firstSeen()).toString(), Instant.ofEpochMilli(host.lastSeen()).toString(),
                host.processCount(), host.processesUnreadable(), host.samplesLost(), host.duplicatesDropped(),
                host.runId(), host.lastSeq(), host.collectorRestarts(), host.clockSkewMs(), host.samplesOutOfTime());
    }
}
