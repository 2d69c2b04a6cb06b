package io.memfleet.aggregator.detect;

import io.memfleet.aggregator.codec.StateFormatException;
import io.memfleet.schema.Anomaly;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs every detector over one process's observations and turns their findings into anomaly
 * records with identity, a deterministic id and the detection time. Pure: no Kafka here.
 */
public final class DetectorRunner {

    private final Map<String, Detector<?>> detectors;

    /** @param detectors by name; the name keys each detector's stored state */
    public DetectorRunner(Map<String, Detector<?>> detectors) {
        this.detectors = new LinkedHashMap<>(detectors);
    }

    public boolean isEmpty() {
        return detectors.isEmpty();
    }

    /** The detectors' names, which key their stored states. */
    public Set<String> names() {
        return java.util.Collections.unmodifiableSet(detectors.keySet());
    }

    /** Whether detector {@code name} keeps its state with the process ({@link Detector#stateWithProcess()}). */
    public boolean stateWithProcess(String name) {
        Detector<?> detector = detectors.get(name);
        return detector != null && detector.stateWithProcess();
    }

    /**
     * Runs every detector over {@code observation}, writing back each state that changed; anomalies
     * decided are added to {@code anomalies}.
     */
    public void observe(ProcessStates states, Observation observation, List<Anomaly> anomalies) {
        for (Map.Entry<String, Detector<?>> entry : detectors.entrySet()) {
            if (!entry.getValue().observes(observation)) {
                continue;
            }
            byte[] before = states.get(entry.getKey());
            List<Finding> findings = new ArrayList<>();
            byte[] after = step(entry.getValue(), before, observation, findings);
            if (before == null || !Arrays.equals(before, after)) {
                states.put(entry.getKey(), after);
            }
            for (Finding finding : findings) {
                anomalies.add(toAnomaly(finding, observation.hostId(), observation.hostname(), observation.bootId(),
                        observation.pid(), observation.startTime(), observation.processName(), observation.at()));
            }
        }
    }

    /** Resolves every open episode of an exited process (the caller then forgets its states). */
    public void exited(ProcessStates states, ExitNotice exit, List<Anomaly> anomalies) {
        for (Map.Entry<String, Detector<?>> entry : detectors.entrySet()) {
            byte[] state = states.get(entry.getKey());
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

    private static <S> byte[] step(Detector<S> detector, byte[] stored, Observation observation,
                                   List<Finding> findings) {
        S state = stored == null ? detector.initial() : read(detector, stored);
        return detector.stateCodec().encode(detector.observe(state, observation, findings));
    }

    private static <S> void resolve(Detector<S> detector, byte[] stored, long exitedAt, List<Finding> findings) {
        detector.exited(read(detector, stored), exitedAt, findings);
    }

    private static <S> S read(Detector<S> detector, byte[] stored) {
        try {
            return detector.stateCodec().decode(stored);
        } catch (StateFormatException e) {
            // Not a state this build reads (another version's format, or garbled): losing one process's
            // detector history costs less than stopping the fold, so detection starts afresh.
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
