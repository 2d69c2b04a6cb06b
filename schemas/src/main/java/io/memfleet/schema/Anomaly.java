package io.memfleet.schema;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** One anomaly event on {@code memfleet.anomalies}. Field meanings: {@code Anomaly.avsc}. */
public record Anomaly(
        String id,
        AnomalyType type,
        Severity severity,
        AnomalyStatus status,
        String hostId,
        String hostname,
        int pid,
        long startTime,
        String processName,
        long detectedAt,
        String summary,
        Map<String, String> evidence) {

    public Anomaly {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(hostId, "hostId");
        Objects.requireNonNull(hostname, "hostname");
        Objects.requireNonNull(processName, "processName");
        Objects.requireNonNull(summary, "summary");
        // Kept in the detector's order: evidence reads top to bottom.
        evidence = Collections.unmodifiableMap(new LinkedHashMap<>(evidence));
    }
}
