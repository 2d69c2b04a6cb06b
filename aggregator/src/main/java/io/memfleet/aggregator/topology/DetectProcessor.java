package io.memfleet.aggregator.topology;

import io.memfleet.aggregator.detect.DetectorRunner;
import io.memfleet.aggregator.detect.DetectorStates;
import io.memfleet.aggregator.detect.ExitNotice;
import io.memfleet.aggregator.detect.Observation;
import io.memfleet.schema.Anomaly;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Runs the detectors over the observations {@link SampleProcessor} emits, keeps each process's
 * detector state, and publishes and keeps every anomaly event. In the same task as the fold, so
 * an anomaly is committed in the same transaction as the sample that decided it.
 */
final class DetectProcessor implements Processor<String, Object, String, Anomaly> {

    private final DetectorRunner runner;
    private final Duration anomalyRetention;
    private final Duration stateRetention;
    private ProcessorContext<String, Anomaly> context;
    private KeyValueStore<String, DetectorStates> states;
    private KeyValueStore<String, Anomaly> anomalies;

    DetectProcessor(DetectorRunner runner, Duration anomalyRetention, Duration stateRetention) {
        this.runner = runner;
        this.anomalyRetention = anomalyRetention;
        this.stateRetention = stateRetention;
    }

    @Override
    public void init(ProcessorContext<String, Anomaly> context) {
        this.context = context;
        states = context.getStateStore(AggregatorTopology.DETECTOR_STATE_STORE);
        anomalies = context.getStateStore(AggregatorTopology.ANOMALIES_STORE);
        context.schedule(Duration.ofMinutes(10), PunctuationType.STREAM_TIME, this::purgeOld);
    }

    @Override
    public void process(Record<String, Object> record) {
        List<Anomaly> found = new ArrayList<>();
        if (record.value() instanceof Observation observation) {
            String key = ProcessKey.of(observation.hostId(), observation.bootId(), observation.pid(),
                    observation.startTime());
            states.put(key, runner.observe(states.get(key), observation, found));
        } else if (record.value() instanceof ExitNotice exit) {
            String key = ProcessKey.of(exit.hostId(), exit.bootId(), exit.pid(), exit.startTime());
            runner.exited(states.get(key), exit, found);
            states.delete(key);
        }
        for (Anomaly anomaly : found) {
            anomalies.put(AnomalyKey.of(anomaly), anomaly);
            context.forward(new Record<>(anomaly.hostId(), anomaly, record.timestamp()));
        }
    }

    /** Anomaly events, and detector states of processes not heard of, are kept for the retention. */
    private void purgeOld(long streamTime) {
        long cutoff = streamTime - anomalyRetention.toMillis();
        List<String> expired = new ArrayList<>();
        try (KeyValueIterator<String, Anomaly> all = anomalies.all()) {
            while (all.hasNext()) {
                KeyValue<String, Anomaly> entry = all.next();
                if (entry.value.detectedAt() < cutoff) {
                    expired.add(entry.key);
                }
            }
        }
        expired.forEach(anomalies::delete);

        long stateCutoff = streamTime - stateRetention.toMillis();
        List<String> stale = new ArrayList<>();
        try (KeyValueIterator<String, DetectorStates> all = states.all()) {
            while (all.hasNext()) {
                KeyValue<String, DetectorStates> entry = all.next();
                if (entry.value.lastObserved() < stateCutoff) {
                    stale.add(entry.key);
                }
            }
        }
        stale.forEach(states::delete);
    }
}
