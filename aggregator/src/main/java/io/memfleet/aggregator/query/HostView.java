package io.memfleet.aggregator.query;

import io.memfleet.aggregator.topology.CollectorRuns;
import io.memfleet.aggregator.topology.HostState;
import java.util.ArrayList;
import java.util.List;

/**
 * A host as the HTTP API shows it; times are ISO-8601 UTC. {@code runId} and {@code lastSeq} are
 * the collector run and the last {@code seq} folded, so a caller can tell how far the aggregator got.
 * {@code clockSkewMs} is the host's latest record's time minus the broker's; {@code samplesOutOfTime}
 * counts its records whose own time could not be used (filed at the broker's, or older than the history).
 * {@code collectors} are the collector runs heard from within a few passes of the host's latest
 * record, the current one first; several writing at once ({@code duplicateHostId}) means several
 * machines claim the id. {@code processesCapped} counts samples of new processes not stored because
 * the host had {@code host.max.processes} live, {@code fieldsTruncated} values cut to the
 * aggregator's caps, {@code exitedEvicted} exited processes dropped early at
 * {@code host.max.exited.processes}, {@code mappingPartsRefused} mapping list parts refused because
 * the host's waiting parts were at their cap.
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
        long samplesOutOfTime,
        boolean duplicateHostId,
        List<Collector> collectors,
        long processesCapped,
        long fieldsTruncated,
        long exitedEvicted,
        long mappingPartsRefused) {

    /** One collector run: {@code lastSeen} is the time of its latest record, {@code samplesLost} the gaps in its own seq. */
    public record Collector(String runId, String bootId, String hostname, String firstSeen, String lastSeen,
                            long samplesLost, boolean concurrent) {

        static Collector of(String runId, CollectorRuns.Run run) {
            return new Collector(runId, run.bootId(), run.hostname(), IsoTime.of(run.firstSeen()),
                    IsoTime.of(run.lastSeen()), run.lost(), run.concurrent());
        }
    }

    static HostView of(HostState host) {
        return new HostView(host.hostId(), host.hostname(), host.bootId(), host.collectorVersion(),
                IsoTime.of(host.firstSeen()), IsoTime.of(host.lastSeen()),
                host.processCount(), host.processesUnreadable(), host.samplesLost(), host.duplicatesDropped(),
                host.runId(), host.lastSeq(), host.collectorRestarts(), host.clockSkewMs(), host.samplesOutOfTime(),
                host.runs().duplicateSince() != null, collectors(host), host.counts().capped(),
                host.counts().truncated(), host.counts().evicted(), host.counts().partsRefused());
    }

    private static List<Collector> collectors(HostState host) {
        List<Collector> all = new ArrayList<>();
        all.add(Collector.of(host.runId(), host.runs().current()));
        host.runs().heardFrom(host.lastSeen(), host.intervalMs()).forEach(p -> all.add(Collector.of(p.runId(), p.run())));
        return all;
    }
}
