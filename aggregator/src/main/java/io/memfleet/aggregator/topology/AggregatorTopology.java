package io.memfleet.aggregator.topology;

import io.memfleet.schema.codec.WireFormat;
import io.memfleet.schema.kafka.SampleRecordSerde;
import io.memfleet.schema.kafka.Topics;
import java.time.Duration;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The aggregator's Kafka Streams topology, built here and nowhere else so tests drive the very
 * topology production runs: {@code memfleet.samples} → {@link SampleProcessor} → the
 * {@value #HOSTS_STORE} and {@value #PROCESSES_STORE} stores (persistent, changelogged).
 */
public final class AggregatorTopology {

    /** Host id → {@link HostState}. */
    public static final String HOSTS_STORE = "hosts";
    /** {@link ProcessKey} → {@link ProcessState}. */
    public static final String PROCESSES_STORE = "processes";

    static final Duration EXITED_RETENTION = Duration.ofHours(1);

    private static final String SOURCE = "samples";
    private static final String PROCESSOR = "fold-samples";

    private AggregatorTopology() {
    }

    public static Topology build() {
        StoreBuilder<KeyValueStore<String, HostState>> hosts = Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(HOSTS_STORE), Serdes.String(), JsonSerde.of(HostState.class));
        StoreBuilder<KeyValueStore<String, ProcessState>> processes = Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(PROCESSES_STORE), Serdes.String(), JsonSerde.of(ProcessState.class));
        // Readers accept either wire format; the serde's write format does not matter here.
        return new Topology()
                .addSource(SOURCE, new StringDeserializer(), new SampleRecordSerde(WireFormat.JSON).deserializer(),
                        Topics.SAMPLES)
                .addProcessor(PROCESSOR, () -> new SampleProcessor(EXITED_RETENTION), SOURCE)
                .addStateStore(hosts, PROCESSOR)
                .addStateStore(processes, PROCESSOR);
    }
}
