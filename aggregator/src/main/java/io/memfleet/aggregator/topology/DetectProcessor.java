package io.memfleet.aggregator.topology;

import io.memfleet.aggregator.detect.DetectorRunner;
import io.memfleet.aggregator.detect.ExitNotice;
import io.memfleet.aggregator.detect.Observation;
import io.memfleet.aggregator.detect.ProcessStates;
import io.memfleet.schema.Anomaly;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Runs the detectors over the observations {@link SampleProcessor} emits, keeps each process's
 * detector states (one entry per process and detector, written only when it changed), and
 * publishes and keeps every anomaly event. In the same task as the fold, so an anomaly is
 * committed in the same transaction as the sample that decided it.
 */
final class DetectProcessor implements Processor<String, Object, String, Anomaly> {

    private final DetectorRunner runner;
    private final Duration anomalyRetention;
    private final TopologyMetrics metrics;
    private ProcessorContext<String, Anomaly> context;
    private KeyValueStore<String, byte[]> states;
    private KeyValueStore<String, ProcessState> processes;
    private KeyValueStore<String, Anomaly> anomalies;

    DetectProcessor(DetectorRunner runner, Duration anomalyRetention, TopologyMetrics metrics) {
        this.runner = runner;
        this.anomalyRetention = anomalyRetention;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, Anomaly> context) {
        this.context = context;
        states = context.getStateStore(AggregatorTopology.DETECTOR_STATE_STORE);
        processes = context.getStateStore(AggregatorTopology.PROCESSES_STORE);
        anomalies = context.getStateStore(AggregatorTopology.ANOMALIES_STORE);
        context.schedule(Duration.ofMinutes(10), PunctuationType.STREAM_TIME, this::purgeOld);
    }

    @Override
    public void process(Record<String, Object> record) {
        List<Anomaly> found = new ArrayList<>();
        if (record.value() instanceof Observation observation) {
            String key = ProcessKey.of(observation.hostId(), observation.bootId(), observation.pid(),
                    observation.startTime());
            runner.observe(statesOf(key), observation, found);
        } else if (record.value() instanceof ExitNotice exit) {
            String key = ProcessKey.of(exit.hostId(), exit.bootId(), exit.pid(), exit.startTime());
            runner.exited(statesOf(key), exit, found);
            for (String detector : runner.names()) {
                states.delete(ProcessKey.detectorState(key, detector));
            }
        }
        for (Anomaly anomaly : found) {
            anomalies.put(AnomalyKey.of(anomaly), anomaly);
            context.forward(new Record<>(anomaly.hostId(), anomaly, record.timestamp()));
            metrics.published(anomaly);
        }
    }

    private ProcessStates statesOf(String processKey) {
        return new ProcessStates() {
            @Override
            public byte[] get(String detector) {
                return states.get(ProcessKey.detectorState(processKey, detector));
            }

            @Override
            public void put(String detector, byte[] state) {
                states.put(ProcessKey.detectorState(processKey, detector), state);
            }
        };
    }

    /**
     * Anomaly events are kept for the retention. Detector states live as long as their process's
     * state: once {@link SampleProcessor} has forgotten a process (exited, or not heard of for the
     * exited-process retention), its detector states go too, as do states of detectors no longer
     * configured.
     */
    private void purgeOld(long streamTime) {
        long cutoff = streamTime - anomalyRetention.toMillis();
        StoreSweep.deleteWhere(anomalies, (key, anomaly) -> anomaly.detectedAt() < cutoff);
        StoreSweep.deleteWhere(states, (key, state) -> !runner.names().contains(ProcessKey.detectorOfDetectorState(key))
                || processes.get(ProcessKey.processOfDetectorState(key)) == null);
    }
}
