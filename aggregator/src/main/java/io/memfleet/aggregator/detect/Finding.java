package io.memfleet.aggregator.detect;

import io.memfleet.schema.AnomalyStatus;
import io.memfleet.schema.AnomalyType;
import io.memfleet.schema.Severity;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A detector's verdict about one process: an episode starts (FIRING) or ends (RESOLVED).
 *
 * @param episode  identifies the episode within the process and type, stable for its whole life
 *                 (e.g. the time it started, or the mapping's address and path), so FIRING and
 *                 RESOLVED of one episode share it and the anomaly ids derived from it are
 *                 deterministic
 * @param summary  one sentence a person understands
 * @param evidence the numbers or mapping lines that decided it, in reading order
 */
public record Finding(AnomalyType type, Severity severity, AnomalyStatus status, String episode, String summary,
                      Map<String, String> evidence) {

    public Finding {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(episode, "episode");
        Objects.requireNonNull(summary, "summary");
        evidence = Collections.unmodifiableMap(new LinkedHashMap<>(evidence));
    }
}
