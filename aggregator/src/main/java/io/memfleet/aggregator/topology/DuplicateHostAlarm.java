package io.memfleet.aggregator.topology;

import io.memfleet.aggregator.detect.AnomalyIds;
import io.memfleet.schema.Anomaly;
import io.memfleet.schema.AnomalyStatus;
import io.memfleet.schema.AnomalyType;
import io.memfleet.schema.Severity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * DUPLICATE_HOST_ID episodes of a host: FIRING when two collector runs are first seen writing at
 * once under its id ({@link CollectorRuns}), RESOLVED when no two do any more (the others have
 * been silent for a few passes). Like CLOCK_SKEW it belongs to the host, not a process: pid 0,
 * named by the time it began, so the same records give the same ids.
 */
final class DuplicateHostAlarm {

    /** The event for {@code after}'s episode opening or closing with a record dated {@code at}; null if neither. */
    Anomaly event(HostState before, HostState after, long at) {
        Long was = before == null ? null : before.runs().duplicateSince();
        Long is = after.runs().duplicateSince();
        if ((was == null) == (is == null)) {
            return null;
        }
        AnomalyStatus status = is != null ? AnomalyStatus.FIRING : AnomalyStatus.RESOLVED;
        long since = is != null ? is : was;
        String id = AnomalyIds.of(after.hostId(), "", 0, 0, AnomalyType.DUPLICATE_HOST_ID, Long.toString(since), status);
        List<String> runIds = new ArrayList<>();
        List<String> bootIds = new ArrayList<>();
        List<String> hostnames = new ArrayList<>();
        HostState described = is != null ? after : before;
        runIds.add(described.runId());
        bootIds.add(described.runs().current().bootId());
        hostnames.add(described.runs().current().hostname());
        for (CollectorRuns.Parked parked : described.runs().parked()) {
            if (parked.run().concurrent()) {
                runIds.add(parked.runId());
                bootIds.add(parked.run().bootId());
                hostnames.add(parked.run().hostname());
            }
        }
        Map<String, String> evidence = new LinkedHashMap<>();
        evidence.put("collectors", Integer.toString(runIds.size()));
        evidence.put("runIds", String.join(",", runIds));
        evidence.put("bootIds", String.join(",", bootIds));
        evidence.put("hostnames", String.join(",", hostnames));
        evidence.put("since", Instant.ofEpochMilli(since).toString());
        String summary = is != null
                ? runIds.size() + " collectors write as host " + after.hostId() + " at once (boot ids "
                        + String.join(", ", bootIds) + "): give each machine its own id (docs: machine-id after cloning)."
                : "Only one collector writes as host " + after.hostId() + " again.";
        return new Anomaly(id, AnomalyType.DUPLICATE_HOST_ID, Severity.MEDIUM, status, after.hostId(), after.hostname(),
                0, 0, "", at, summary, evidence);
    }
}
