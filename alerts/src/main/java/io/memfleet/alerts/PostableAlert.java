package io.memfleet.alerts;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One element of the body of Alertmanager's {@code POST /api/v2/alerts}. Alertmanager identifies an
 * alert by its label set alone, so the labels of an episode's FIRING and RESOLVED posts must be equal.
 *
 * @param endsAt       when the alert stops firing: in the future for a firing alert (it expires then
 *                     unless sent again), the resolve time for a resolved one
 * @param generatorUrl a link back to memfleet; null for none
 */
public record PostableAlert(Map<String, String> labels, Map<String, String> annotations, Instant startsAt,
                            Instant endsAt, String generatorUrl) {

    public PostableAlert {
        labels = Collections.unmodifiableMap(new TreeMap<>(labels));
        annotations = Collections.unmodifiableMap(new LinkedHashMap<>(annotations));
        Objects.requireNonNull(startsAt, "startsAt");
        Objects.requireNonNull(endsAt, "endsAt");
    }

    /** The same alert, ending at {@code newEndsAt}. */
    public PostableAlert endingAt(Instant newEndsAt) {
        return new PostableAlert(labels, annotations, startsAt, newEndsAt, generatorUrl);
    }

    /** The anomaly id this alert was made from, for log lines. */
    public String anomalyId() {
        return annotations.getOrDefault(AlertMapping.ANNOTATION_ANOMALY_ID, "?");
    }

    public ObjectNode toJson(ObjectMapper mapper) {
        ObjectNode node = mapper.createObjectNode();
        ObjectNode labelsNode = node.putObject("labels");
        labels.forEach(labelsNode::put);
        ObjectNode annotationsNode = node.putObject("annotations");
        annotations.forEach(annotationsNode::put);
        node.put("startsAt", startsAt.toString());
        node.put("endsAt", endsAt.toString());
        if (generatorUrl != null) {
            node.put("generatorURL", generatorUrl);
        }
        return node;
    }
}
