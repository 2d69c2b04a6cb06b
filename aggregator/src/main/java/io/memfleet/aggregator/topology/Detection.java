package io.memfleet.aggregator.topology;

import io.memfleet.aggregator.detect.DetectorRunner;
import io.memfleet.aggregator.detect.ExitNotice;
import io.memfleet.aggregator.detect.Observation;
import io.memfleet.aggregator.detect.ProcessStates;
import io.memfleet.schema.Anomaly;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The detectors' side of {@link SampleProcessor}: runs them over a process's observations, keeps
 * their states — inside the process's state for those that keep it there, in the detector-state
 * store (one entry per process and detector, written only when it changed) for the others — and
 * keeps every anomaly event. In the same task and transaction as the fold, so an anomaly is
 * committed with the sample that decided it.
 */
final class Detection {

    private final DetectorRunner runner;
    private final Duration anomalyRetention;
    private final KeyValueStore<String, byte[]> states;
    private final KeyValueStore<String, Anomaly> anomalies;

    Detection(DetectorRunner runner, Duration anomalyRetention, ProcessorContext<?, ?> context) {
        this.runner = runner;
        this.anomalyRetention = anomalyRetention;
        this.states = context.getStateStore(AggregatorTopology.DETECTOR_STATE_STORE);
        this.anomalies = context.getStateStore(AggregatorTopology.ANOMALIES_STORE);
    }

    /**
     * Runs the detectors over {@code observation} of the process {@code key}, whose state is
     * {@code process}; returns the state with the inline detector states it ends with, and adds the
     * anomalies decided (already kept) to {@code found}.
     */
    ProcessState observe(String key, ProcessState process, Observation observation, List<Anomaly> found) {
        // A detector taken out of the configuration leaves its state behind: not carried any further.
        InlineDetectorStates configured = process.detectorStates().retain(runner::stateWithProcess);
        StatesOfProcess of = new StatesOfProcess(key, configured);
        int before = found.size();
        runner.observe(of, observation, found);
        keep(found.subList(before, found.size()));
        return of.inline == process.detectorStates() ? process : process.withDetectorStates(of.inline);
    }

    /** Resolves the exited process's open episodes; returns its state without detector states. */
    ProcessState exited(String key, ProcessState process, ExitNotice exit, List<Anomaly> found) {
        int before = found.size();
        runner.exited(new StatesOfProcess(key, process.detectorStates()), exit, found);
        for (String detector : runner.names()) {
            if (!runner.stateWithProcess(detector)) {
                states.delete(ProcessKey.detectorState(key, detector));
            }
        }
        keep(found.subList(before, found.size()));
        return process.withDetectorStates(InlineDetectorStates.NONE);
    }

    private void keep(List<Anomaly> decided) {
        decided.forEach(this::keep);
    }

    /** Keeps an anomaly event decided outside the detectors (a host's CLOCK_SKEW). */
    void keep(Anomaly anomaly) {
        anomalies.put(AnomalyKey.of(anomaly), anomaly);
    }

    /**
     * Anomaly events are kept for the retention. Stored detector states live as long as their
     * process's state: once the fold has forgotten a process ({@code processKnown} says no), its
     * states go too, as do states of detectors no longer configured.
     */
    void purge(long streamTime, Predicate<String> processKnown) {
        long cutoff = streamTime - anomalyRetention.toMillis();
        StoreSweep.deleteWhere(anomalies, (key, anomaly) -> anomaly.detectedAt() < cutoff);
        StoreSweep.deleteWhere(states, (key, state) -> !runner.names().contains(ProcessKey.detectorOfDetectorState(key))
                || !processKnown.test(ProcessKey.processOfDetectorState(key)));
    }

    /** One process's detector states as the runner sees them, wherever each is kept. */
    private final class StatesOfProcess implements ProcessStates {
        private final String processKey;
        private InlineDetectorStates inline;

        StatesOfProcess(String processKey, InlineDetectorStates inline) {
            this.processKey = processKey;
            this.inline = inline;
        }

        @Override
        public byte[] get(String detector) {
            return runner.stateWithProcess(detector) ? inline.get(detector)
                    : states.get(ProcessKey.detectorState(processKey, detector));
        }

        @Override
        public void put(String detector, byte[] state) {
            if (runner.stateWithProcess(detector)) {
                inline = inline.with(detector, state);
            } else {
                states.put(ProcessKey.detectorState(processKey, detector), state);
            }
        }
    }
}
