package io.memfleet.aggregator.topology;

import io.memfleet.aggregator.detect.DetectorRunner;
import io.memfleet.aggregator.model.MappingChange;
import io.memfleet.schema.Anomaly;
import io.memfleet.schema.codec.WireFormat;
import io.memfleet.schema.kafka.AnomalySerde;
import io.memfleet.schema.kafka.SampleRecordSerde;
import io.memfleet.schema.kafka.Topics;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;

/**
 * The aggregator's Kafka Streams topology, built here and nowhere else so tests drive the very
 * topology production runs: {@code memfleet.samples} → {@link SampleProcessor} (host and process
 * state, history, detectors through {@link Detection}) → {@code memfleet.anomalies}. Every store is
 * persistent and changelogged.
 */
public final class AggregatorTopology {

    /** Host id → {@link HostState}. */
    public static final String HOSTS_STORE = "hosts";
    /** {@link ProcessKey} → {@link ProcessState}, with its open rollup bucket and inline detector states. */
    public static final String PROCESSES_STORE = "processes";
    /** {@link ProcessKey} at sample time → {@link MemoryPoint}, kept for the raw retention. */
    public static final String SAMPLES_STORE = "samples-history";
    /** {@link ProcessKey} at bucket start → {@link Rollup}, kept for the rollup retention (the open bucket is in the process's state). */
    public static final String ROLLUPS_STORE = "rollups";
    /** {@link ProcessKey} at sample time → {@link MappingChange}, kept for the rollup retention. */
    public static final String MAPPING_CHANGES_STORE = "mapping-changes";

    /** {@link ProcessKey} (and chunk index) → {@link MappingSet}, the process's current mapping list in chunks ({@link MappingSets}). */
    public static final String MAPPINGS_STORE = "mappings";
    /**
     * {@link ProcessKey} → a mapping list arriving in parts, and process key and part index → a
     * part ({@link PendingLists}), until the sample they belong to takes them.
     */
    public static final String MAPPING_PARTS_STORE = "mapping-parts";
    /**
     * {@link ProcessKey} and detector name → that detector's state of the process, as its codec
     * wrote it; for detectors that do not keep it with the process.
     */
    public static final String DETECTOR_STATE_STORE = "detector-state";
    /** {@link AnomalyKey} → {@link Anomaly}: every anomaly event, kept for the rollup retention. */
    public static final String ANOMALIES_STORE = "anomalies";

    /** The format of the anomalies store's values, which are JSON: a change of layout is a new one. */
    private static final int ANOMALY_FORMAT = 1;

    /** Window stores used as time-indexed stores: one "window" per timestamp. */
    private static final Duration POINT = Duration.ofMillis(1);

    private static final String SOURCE = "samples";
    private static final String PROCESSOR = "fold-samples";
    private static final String ANOMALIES_SINK = "anomalies";

    private AggregatorTopology() {
    }

    public static Topology build() {
        return build(HistoryOptions.DEFAULTS, new DetectorRunner(Map.of()));
    }

    public static Topology build(HistoryOptions history, DetectorRunner detectors) {
        return build(history, detectors, new TopologyMetrics());
    }

    /** The topology, its processors counting into {@code metrics}. */
    public static Topology build(HistoryOptions history, DetectorRunner detectors, TopologyMetrics metrics) {
        StoreBuilder<KeyValueStore<String, HostState>> hosts = Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(HOSTS_STORE), Serdes.String(), BinarySerde.of(HostState::toBytes, HostState::read))
                // Every record rewrites its host: the cache turns that into one write per commit.
                .withCachingEnabled();
        // No cache: a process is sampled every ten seconds and a transaction commits every second, so
        // a cached entry is never rewritten before it is flushed; a cache would only add its upkeep
        // and evictions (about 10 us of the stream thread's time a sample in memfleet bench aggregator).
        StoreBuilder<KeyValueStore<String, ProcessState>> processes = Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(PROCESSES_STORE), Serdes.String(),
                BinarySerde.of(ProcessState::toBytes, ProcessState::read));
        // Readers accept either wire format; the serde's write format does not matter here.
        return new Topology()
                .addSource(SOURCE, new StringDeserializer(), new SampleRecordSerde(WireFormat.JSON).deserializer(),
                        Topics.SAMPLES)
                .addProcessor(PROCESSOR, () -> new SampleProcessor(history, detectors, metrics), SOURCE)
                .addStateStore(hosts, PROCESSOR)
                .addStateStore(processes, PROCESSOR)
                .addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(MAPPINGS_STORE),
                        Serdes.String(), BinarySerde.of(MappingSet::toBytes, MappingSet::read)), PROCESSOR)
                .addStateStore(windowStore(SAMPLES_STORE, history.rawRetention(), POINT,
                        BinarySerde.ofBytes(MemoryPoint::toBytes, MemoryPoint::fromBytes)),
                        PROCESSOR)
                // Written when a process's samples move on to the next bucket, once in five minutes.
                .addStateStore(windowStore(ROLLUPS_STORE, history.rollupRetention(), history.rollupInterval(),
                        BinarySerde.of(Rollup::toBytes, Rollup::read)),
                        PROCESSOR)
                .addStateStore(windowStore(MAPPING_CHANGES_STORE, history.rollupRetention(), POINT,
                        BinarySerde.of(MappingChange::toBytes, MappingChange::read)), PROCESSOR)
                .addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(MAPPING_PARTS_STORE),
                        Serdes.String(), Serdes.ByteArray()), PROCESSOR)
                .addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(DETECTOR_STATE_STORE),
                        Serdes.String(), Serdes.ByteArray()), PROCESSOR)
                .addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ANOMALIES_STORE),
                        Serdes.String(), JsonSerde.of(Anomaly.class, ANOMALY_FORMAT, "anomaly")), PROCESSOR)
                .addSink(ANOMALIES_SINK, Topics.ANOMALIES, new StringSerializer(),
                        new AnomalySerde(WireFormat.JSON).serializer(), PROCESSOR);
    }

    /**
     * A RocksDB window store used as a time index: its segments past the retention are dropped
     * whole (deleted, not hidden), and its changelog topic is compacted and time-limited alike.
     */
    private static <V> StoreBuilder<WindowStore<String, V>> windowStore(String name, Duration retention,
                                                                        Duration windowSize, Serde<V> values) {
        return Stores.windowStoreBuilder(Stores.persistentWindowStore(name, retention, windowSize, false),
                Serdes.String(), values);
    }
}
