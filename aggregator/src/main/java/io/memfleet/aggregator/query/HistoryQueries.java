package io.memfleet.aggregator.query;

import io.memfleet.aggregator.topology.AggregatorTopology;
import io.memfleet.aggregator.topology.HistoryOptions;
import io.memfleet.aggregator.model.MappingChange;
import io.memfleet.aggregator.topology.MappingSet;
import io.memfleet.aggregator.topology.MappingSets;
import io.memfleet.aggregator.topology.MemoryField;
import io.memfleet.aggregator.topology.MemoryPoint;
import io.memfleet.aggregator.topology.OpenBucket;
import io.memfleet.aggregator.topology.ProcessKey;
import io.memfleet.aggregator.topology.ProcessState;
import io.memfleet.aggregator.topology.Rollup;
import io.memfleet.schema.Mapping;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * A process's memory history and mapping history, from this instance's stores. Raw samples answer
 * ranges within the raw retention; older ranges are answered from the rollup buckets. Answers are
 * thinned to at most {@code maxPoints} points by merging neighbours into min/max/avg buckets.
 */
public final class HistoryQueries {

    private final KafkaStreams streams;
    private final StateQueries state;
    private final HistoryOptions options;
    private final LongSupplier clock;

    public HistoryQueries(KafkaStreams streams, StateQueries state, HistoryOptions options, LongSupplier clock) {
        this.streams = streams;
        this.state = state;
        this.options = options;
        this.clock = clock;
    }

    /** The process a pid meant at {@code at} (or the one with {@code startTime}). */
    public Optional<ProcessState> process(String hostId, int pid, Long startTime, long at) {
        return ProcessMatch.pick(state.processStates(hostId, pid), startTime, at);
    }

    public HistoryView history(String hostId, ProcessState process, long from, long to, List<MemoryField> fields,
                               int maxPoints) {
        String key = key(hostId, process);
        boolean raw = from >= clock.getAsLong() - options.rawRetention().toMillis();
        HistoryPoints points;
        String resolution;
        if (raw) {
            List<KeyValue<Long, MemoryPoint>> samples = fetch(AggregatorTopology.SAMPLES_STORE, key, from, to);
            if (samples.size() <= maxPoints) {
                points = HistoryPoints.raw(fields, samples.size());
                for (KeyValue<Long, MemoryPoint> sample : samples) {
                    points.add(sample.key, sample.value);
                }
                resolution = "raw";
            } else {
                long width = bucketWidth(from, to, maxPoints, 1);
                points = thin(samples, from - Math.floorMod(from, width), width, fields);
                resolution = Duration.ofMillis(width).toString();
            }
        } else {
            long interval = options.rollupInterval().toMillis();
            List<KeyValue<Long, Rollup>> buckets = rollups(key, process, from - Math.floorMod(from, interval), to);
            long width = bucketWidth(from, to, maxPoints, interval);
            points = thin(buckets, from - Math.floorMod(from, width), width, fields);
            resolution = Duration.ofMillis(width).toString();
        }
        return new HistoryView(hostId, process.latest().pid(), process.latest().startTime(), process.latest().name(),
                IsoTime.of(from), IsoTime.of(to), resolution, fields.stream().map(MemoryField::jsonName).toList(),
                points);
    }

    /** The stored buckets and the process's open one (kept in its state until it is full), in time order. */
    private List<KeyValue<Long, Rollup>> rollups(String key, ProcessState process, long from, long to) {
        List<KeyValue<Long, Rollup>> buckets = fetch(AggregatorTopology.ROLLUPS_STORE, key, from, to);
        OpenBucket open = process.bucket();
        if (open != null && open.start() >= from && open.start() <= to) {
            int at = buckets.size();
            while (at > 0 && buckets.get(at - 1).key > open.start()) {
                at--;
            }
            buckets.add(at, KeyValue.pair(open.start(), open.rollup()));
        }
        return buckets;
    }

    /** The mapping set at {@code at}: the current set with every later change undone. */
    public MappingsView mappingsAt(String hostId, ProcessState process, long at) {
        ReadOnlyKeyValueStore<String, MappingSet> sets = streams.store(StoreQueryParameters.fromNameAndType(
                AggregatorTopology.MAPPINGS_STORE, QueryableStoreTypes.keyValueStore()));
        MappingSet current = MappingSets.read(sets::get, key(hostId, process));
        List<Mapping> mappings = current == null ? List.of() : current.mappings();
        List<KeyValue<Long, MappingChange>> later = fetch(AggregatorTopology.MAPPING_CHANGES_STORE,
                key(hostId, process), at + 1, Long.MAX_VALUE);
        for (int i = later.size() - 1; i >= 0; i--) {
            mappings = later.get(i).value.undo(mappings);
        }
        boolean outOfSync = later.isEmpty() && process.mappingsOutOfSync();
        return new MappingsView(hostId, process.latest().pid(), process.latest().startTime(), process.latest().name(),
                IsoTime.of(at), outOfSync, mappings);
    }

    public MappingChangesView mappingChanges(String hostId, ProcessState process, long from, long to) {
        List<MappingChangesView.Change> changes = new ArrayList<>();
        List<KeyValue<Long, MappingChange>> stored = fetch(AggregatorTopology.MAPPING_CHANGES_STORE,
                key(hostId, process), from, to);
        for (KeyValue<Long, MappingChange> change : stored) {
            changes.add(new MappingChangesView.Change(IsoTime.of(change.key), change.value.added(),
                    change.value.removed()));
        }
        return new MappingChangesView(hostId, process.latest().pid(), process.latest().startTime(),
                process.latest().name(), IsoTime.of(from), IsoTime.of(to), changes);
    }

    /** The oldest time history can still answer for: the rollup retention. */
    public long oldestAnswerable() {
        return clock.getAsLong() - options.rollupRetention().toMillis();
    }

    private static String key(String hostId, ProcessState process) {
        return ProcessKey.of(hostId, process.latest().bootId(), process.latest().pid(), process.latest().startTime());
    }

    private <V> List<KeyValue<Long, V>> fetch(String storeName, String key, long from, long to) {
        ReadOnlyWindowStore<String, V> store = streams.store(
                StoreQueryParameters.fromNameAndType(storeName, QueryableStoreTypes.<String, V>windowStore()));
        List<KeyValue<Long, V>> entries = new ArrayList<>();
        try (WindowStoreIterator<V> range = store.fetch(key, Instant.ofEpochMilli(Math.max(0, from)),
                Instant.ofEpochMilli(to))) {
            range.forEachRemaining(entries::add);
        }
        return entries;
    }

    /** Bucket widths a person reads at a glance; larger spans use whole days. */
    private static final long[] NICE_WIDTHS = {1_000, 2_000, 5_000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000,
        600_000, 900_000, 1_800_000, 3_600_000, 7_200_000, 10_800_000, 21_600_000, 43_200_000, 86_400_000};

    /**
     * The smallest readable bucket width (1 s, 5 s, 1 min, 5 min, 1 h, ..., a multiple of
     * {@code unit}) that fits {@code [from, to]} in at most {@code maxPoints} buckets.
     */
    static long bucketWidth(long from, long to, int maxPoints, long unit) {
        long span = Math.max(1, to - from + 1);
        long needed = Math.max(unit, (span + maxPoints - 1) / maxPoints);
        for (long width : NICE_WIDTHS) {
            // Aligned buckets can straddle one extra bucket: leave room for it.
            if (width >= needed && width % unit == 0 && (span + width - 1) / width + 1 <= maxPoints + 1) {
                return width;
            }
        }
        long days = (needed + 86_399_999) / 86_400_000;
        return Math.max(unit, days * 86_400_000);
    }

    /**
     * Merges time-ordered raw points or rollups into buckets of {@code width} aligned at
     * {@code origin}, each built in place by one {@link Rollup.Accumulator}.
     */
    static HistoryPoints thin(List<? extends KeyValue<Long, ?>> buckets, long origin, long width,
                              List<MemoryField> fields) {
        HistoryPoints points = HistoryPoints.buckets(fields, 64);
        long current = Long.MIN_VALUE;
        Rollup.Accumulator merged = new Rollup.Accumulator();
        for (KeyValue<Long, ?> bucket : buckets) {
            long start = origin + Math.floorDiv(bucket.key - origin, width) * width;
            if (!merged.isEmpty() && start != current) {
                points.add(current, merged.build());
                merged = new Rollup.Accumulator();
            }
            current = start;
            if (bucket.value instanceof MemoryPoint point) {
                merged.add(point);
            } else {
                merged.add((Rollup) bucket.value);
            }
        }
        if (!merged.isEmpty()) {
            points.add(current, merged.build());
        }
        return points;
    }
}
