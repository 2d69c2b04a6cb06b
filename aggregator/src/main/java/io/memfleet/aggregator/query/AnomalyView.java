package io.memfleet.aggregator.query;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.memfleet.schema.Anomaly;
import io.memfleet.schema.AnomalyStatus;
import io.memfleet.schema.AnomalyType;
import io.memfleet.schema.Severity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * An anomaly event as the HTTP API shows it: the fields of the topic's record, in its order and
 * under its names, but {@code detectedAt} in ISO-8601 UTC like every time in the API (the record
 * on {@code memfleet.anomalies} keeps epoch milliseconds).
 */
public record AnomalyView(
        String id,
        AnomalyType type,
        Severity severity,
        AnomalyStatus status,
        String hostId,
        String hostname,
        int pid,
        long startTime,
        String processName,
        @JsonDeserialize(using = IsoTime.Reader.class) String detectedAt,
        String summary,
        Map<String, String> evidence) {

    /** Newest first, ties by id so pages are stable. */
    private static final Comparator<AnomalyView> NEWEST_FIRST =
            Comparator.comparing((AnomalyView a) -> Instant.parse(a.detectedAt())).reversed()
                    .thenComparing(AnomalyView::id);

    static AnomalyView of(Anomaly a) {
        return new AnomalyView(a.id(), a.type(), a.severity(), a.status(), a.hostId(), a.hostname(), a.pid(),
                a.startTime(), a.processName(), IsoTime.of(a.detectedAt()), a.summary(), a.evidence());
    }

    /** Sorted newest first, cut to {@code limit}. */
    static List<AnomalyView> newestFirst(List<AnomalyView> anomalies, int limit) {
        List<AnomalyView> sorted = new ArrayList<>(anomalies);
        sorted.sort(NEWEST_FIRST);
        return sorted.size() > limit ? new ArrayList<>(sorted.subList(0, limit)) : sorted;
    }
}
