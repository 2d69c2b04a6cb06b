package io.memfleet.aggregator.topology;

import io.memfleet.schema.codec.WireFormat;
import io.memfleet.schema.kafka.SampleRecordSerde;
import io.memfleet.schema.kafka.Topics;
import java.time.Duration;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;

/**
 * The aggregator's Kafka Streams topology, built here and nowhere else so tests drive the very
 * topology production runs: {@code memfleet.samples} → {@link SampleProcessor} → the host and
 * process state stores and the history stores (all persistent and changelogged).
 */
public final class AggregatorTopology {

    /** Host id → {@link HostState}. */
    public static final String HOSTS_STORE = "hosts";
    /** {@link ProcessKey} → {@link ProcessState}. */
    public static final String PROCESSES_STORE = "processes";
    /** {@link ProcessKey} at sample time → {@link MemoryPoint}, kept for the raw retention. */
    public static final String SAMPLES_STORE = "samples-history";
    /** {@link ProcessKey} at bucket start → {@link Rollup}, kept for the rollup retention. */
    public static final String ROLLUPS_STORE = "rollups";
    /** {@link ProcessKey} at sample time → {@link MappingChange}, kept for the rollup retention. */
    public static final String MAPPING_CHANGES_STORE = "mapping-changes";

    /** Window stores used as time-indexed stores: one "window" per timestamp. */
    private static final Duration POINT = Duration.ofMillis(1);

    private static final String SOURCE = "samples";
    private static final String PROCESSOR = "fold-samples";

    private AggregatorTopology() {
    }

    public static Topology build() {
        return build(HistoryOptions.DEFAULTS);
    }

    public static Topology build(HistoryOptions history) {
        StoreBuilder<KeyValueStore<String, HostState>> hosts = Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(HOSTS_STORE), Serdes.String(), JsonSerde.of(HostState.class));
        StoreBuilder<KeyValueStore<String, ProcessState>> processes = Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(PROCESSES_STORE), Serdes.String(), JsonSerde.of(ProcessState.class));
        // Readers accept either wire format; the serde's write format does not matter here.
        return new Topology()
                .addSource(SOURCE, new StringDeserializer(), new SampleRecordSerde(WireFormat.JSON).deserializer(),
                        Topics.SAMPLES)
                .addProcessor(PROCESSOR, () -> new SampleProcessor(history), SOURCE)
                .addStateStore(hosts, PROCESSOR)
                .addStateStore(processes, PROCESSOR)
                .addStateStore(windowStore(SAMPLES_STORE, history.rawRetention(), POINT,
                        Serdes.serdeFrom((topic, point) -> point.toBytes(), (topic, bytes) -> MemoryPoint.fromBytes(bytes))),
                        PROCESSOR)
                .addStateStore(windowStore(ROLLUPS_STORE, history.rollupRetention(), history.rollupInterval(),
                        Serdes.serdeFrom((topic, rollup) -> rollup.toBytes(), (topic, bytes) -> Rollup.fromBytes(bytes))),
                        PROCESSOR)
                .addStateStore(windowStore(MAPPING_CHANGES_STORE, history.rollupRetention(), POINT,
                        JsonSerde.of(MappingChange.class)), PROCESSOR);
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
