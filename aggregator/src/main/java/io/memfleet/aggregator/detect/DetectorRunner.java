package io.memfleet.aggregator.detect;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.memfleet.schema.Anomaly;
import io.memfleet.schema.codec.JsonCodec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs every detector over one process's observations and turns their findings into anomaly
 * records with identity, a deterministic id and the detection time. Pure: no Kafka here.
 */
public final class DetectorRunner {

    private static final ObjectMapper MAPPER = JsonCodec.newMapper();

    private final Map<String, Detector<?>> detectors;

    /** @param detectors by name; the name keys each detector's stored state */
    public DetectorRunner(Map<String, Detector<?>> detectors) {
        this.detectors = new LinkedHashMap<>(detectors);
    }

    public boolean isEmpty() {
        return detectors.isEmpty();
    }

    /** The states after {@code observation}; anomalies decided are added to {@code anomalies}. */
    public DetectorStates observe(DetectorStates before, Observation observation, List<Anomaly> anomalies) {
        Map<String, JsonNode> after = new HashMap<>();
        for (Map.Entry<String, Detector<?>> entry : detectors.entrySet()) {
            JsonNode state = before == null ? null : before.states().get(entry.getKey());
            List<Finding> findings = new ArrayList<>();
            after.put(entry.getKey(), step(entry.getValue(), state, observation, findings));
            for (Finding finding : findings) {
                anomalies.add(toAnomaly(finding, observation.hostId(), observation.hostname(), observation.bootId(),
                        observation.pid(), observation.startTime(), observation.processName(), observation.at()));
            }
        }
        return new DetectorStates(after, observation.at());
    }

    /** Resolves every open episode of an exited process. */
    public void exited(DetectorStates states, ExitNotice exit, List<Anomaly> anomalies) {
        if (states == null) {
            return;
        }
        for (Map.Entry<String, Detector<?>> entry : detectors.entrySet()) {
            JsonNode state = states.states().get(entry.getKey());
            if (state == null) {
                continue;
            }
            List<Finding> findings = new ArrayList<>();
            resolve(entry.getValue(), state, exit.exitedAt(), findings);
            for (Finding finding : findings) {
                anomalies.add(toAnomaly(finding, exit.hostId(), exit.hostname(), exit.bootId(), exit.pid(),
                        exit.startTime(), exit.processName(), exit.exitedAt()));
            }
        }
    }

    private static <S> JsonNode step(Detector<S> detector, JsonNode stored, Observation observation,
                                     List<Finding> findings) {
        S state = stored == null ? detector.initial() : read(detector, stored);
        return MAPPER.valueToTree(detector.observe(state, observation, findings));
    }

    private static <S> void resolve(Detector<S> detector, JsonNode stored, long exitedAt, List<Finding> findings) {
        detector.exited(read(detector, stored), exitedAt, findings);
    }

    private static <S> S read(Detector<S> detector, JsonNode stored) {
        try {
            return MAPPER.treeToValue(stored, detector.stateType());
        } catch (JsonProcessingException e) {
            // A state written by another version that no longer fits: start this process afresh.
            return detector.initial();
        }
    }

    static Anomaly toAnomaly(Finding finding, String hostId, String hostname, String bootId, int pid, long startTime,
                             String processName, long detectedAt) {
        return new Anomaly(AnomalyIds.of(hostId, bootId, pid, startTime, finding.type(), finding.episode(),
                finding.status()), finding.type(), finding.severity(), finding.status(), hostId,
                hostname == null ? "" : hostname, pid, startTime, processName, detectedAt, finding.summary(),
                finding.evidence());
    }
}
