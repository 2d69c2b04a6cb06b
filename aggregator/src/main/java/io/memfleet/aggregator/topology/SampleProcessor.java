package io.memfleet.aggregator.topology;

import io.memfleet.aggregator.detect.ExitNotice;
import io.memfleet.aggregator.detect.Observation;
import io.memfleet.schema.HostHeartbeat;
import io.memfleet.schema.ProcessExit;
import io.memfleet.schema.ProcessSample;
import io.memfleet.schema.SampleRecord;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Folds a host's records into the {@code hosts} and {@code processes} stores. Runs in the task
 * that owns the host's partition, so one host's records arrive here in the order they were sent.
 */
final class SampleProcessor implements Processor<String, SampleRecord, String, Object> {

    private static final Logger LOG = LoggerFactory.getLogger(SampleProcessor.class);

    private final HistoryOptions history;
    private final TopologyMetrics metrics;
    private KeyValueStore<String, HostState> hosts;
    private KeyValueStore<String, ProcessState> processes;
    private WindowStore<String, MemoryPoint> samples;
    private WindowStore<String, Rollup> rollups;
    private WindowStore<String, MappingChange> mappingChanges;
    private KeyValueStore<String, MappingSet> mappingSets;
    private ProcessorContext<String, Object> context;

    SampleProcessor(HistoryOptions history, TopologyMetrics metrics) {
        this.history = history;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        hosts = context.getStateStore(AggregatorTopology.HOSTS_STORE);
        processes = context.getStateStore(AggregatorTopology.PROCESSES_STORE);
        samples = context.getStateStore(AggregatorTopology.SAMPLES_STORE);
        rollups = context.getStateStore(AggregatorTopology.ROLLUPS_STORE);
        mappingChanges = context.getStateStore(AggregatorTopology.MAPPING_CHANGES_STORE);
        mappingSets = context.getStateStore(AggregatorTopology.MAPPINGS_STORE);
        // Exited processes are kept for a while so a query can still find them, then deleted.
        context.schedule(Duration.ofMinutes(5), PunctuationType.STREAM_TIME, this::purgeExited);
    }

    @Override
    public void process(Record<String, SampleRecord> record) {
        SampleRecord value = record.value();
        if (value == null) {
            return;
        }
        if (!value.hostId().equals(record.key())) {
            LOG.warn("Record keyed '{}' says it is from host '{}'; filing it under the host it names", record.key(),
                    value.hostId());
        }
        long timestamp = record.timestamp();
        HostState host = hosts.get(value.hostId());
        if (host != null && host.isDuplicate(value)) {
            hosts.put(value.hostId(), host.withDuplicate());
            metrics.duplicate();
            return;
        }
        if (host != null && host.fillsGap(value)) {
            backfill(value);
            hosts.put(value.hostId(), host.withGapFilled(value));
            return;
        }
        host = (host == null ? HostState.first(value, timestamp) : host).withRecord(value, timestamp);
        if (value instanceof ProcessSample sample) {
            String key = ProcessKey.of(sample.hostId(), sample.bootId(), sample.pid(), sample.startTime());
            ProcessState before = processes.get(key);
            ProcessState after = before == null ? ProcessState.first(sample) : before.withSample(sample);
            processes.put(key, after);
            MappingChange change = recordHistory(key, before, sample);
            boolean firstList = sample.mappings() != null && (before == null || !before.haveMappings());
            context.forward(new Record<>(sample.hostId(), new Observation(sample.hostId(), host.hostname(),
                    sample.bootId(), sample.pid(), sample.startTime(), sample.name(), sample.sampledAt(),
                    after.firstSeen(), sample, sample.mappings() == null ? List.of() : sample.mappings(), change,
                    firstList, !after.mappingsOutOfSync(), host.memTotalKb(), after.memoryLimitKb()),
                    record.timestamp()));
        } else if (value instanceof ProcessExit exit) {
            String key = ProcessKey.of(exit.hostId(), exit.bootId(), exit.pid(), exit.startTime());
            ProcessState state = processes.get(key);
            if (state != null) {
                processes.put(key, state.withExit(exit.exitedAt()));
                context.forward(new Record<>(exit.hostId(), new ExitNotice(exit.hostId(), host.hostname(),
                        exit.bootId(), exit.pid(), exit.startTime(), exit.name(), exit.exitedAt()), record.timestamp()));
            }
        } else if (value instanceof HostHeartbeat heartbeat) {
            host = host.withHeartbeat(heartbeat);
        }
        hosts.put(value.hostId(), host);
        metrics.folded(value);
    }

    /**
     * A record counted lost that came after later ones (a collector's resend after a broker
     * restart). Its sample goes into the history — the raw point and its rollup bucket — but not
     * into the process's current state, mapping set or detectors, which have moved past it; an exit
     * is applied as it would have been.
     */
    private void backfill(SampleRecord value) {
        if (value instanceof ProcessSample sample) {
            String key = ProcessKey.of(sample.hostId(), sample.bootId(), sample.pid(), sample.startTime());
            recordPoint(key, sample);
        } else if (value instanceof ProcessExit exit) {
            String key = ProcessKey.of(exit.hostId(), exit.bootId(), exit.pid(), exit.startTime());
            ProcessState state = processes.get(key);
            if (state != null && state.live()) {
                processes.put(key, state.withExit(exit.exitedAt()));
            }
        }
    }

    private void recordPoint(String key, ProcessSample sample) {
        long at = sample.sampledAt();
        MemoryPoint point = MemoryPoint.of(sample);
        samples.put(key, point, at);
        long bucketMs = history.rollupInterval().toMillis();
        long bucket = at - Math.floorMod(at, bucketMs);
        Rollup rollup = rollups.fetch(key, bucket);
        rollups.put(key, (rollup == null ? Rollup.empty() : rollup).add(point), bucket);
    }

    /**
     * Keeps the sample's memory fields, its rollup bucket, and how its mapping set changed if it
     * came with a list; returns that change (null without a list).
     */
    private MappingChange recordHistory(String key, ProcessState before, ProcessSample sample) {
        long at = sample.sampledAt();
        recordPoint(key, sample);
        if (sample.mappings() == null) {
            return null;
        }
        // The stored list is read and written only when a full list arrives, a few percent of samples.
        MappingSet previous = before == null ? null : mappingSets.get(key);
        mappingSets.put(key, new MappingSet(sample.mappings()));
        MappingChange change = MappingChange.between(previous == null ? List.of() : previous.mappings(),
                sample.mappings());
        if (!change.isEmpty()) {
            mappingChanges.put(key, change, at);
        }
        return change;
    }

    private void purgeExited(long streamTime) {
        long cutoff = streamTime - history.exitedRetention().toMillis();
        StoreSweep.deleteWhere(processes, (key, state) -> {
            // An exit missed while the host's collector was down shows as a process not seen for long.
            long lastHeardOf = state.exitedAt() != null ? state.exitedAt() : state.lastSeen();
            if (lastHeardOf >= cutoff) {
                return false;
            }
            mappingSets.delete(key); // another store: safe while the processes iterator is open
            return true;
        });
    }
}
