package io.memfleet.aggregator.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memfleet.aggregator.codec.StateFormatException;

import io.memfleet.aggregator.model.MappingChange;
import io.memfleet.schema.HostHeartbeat;
import io.memfleet.schema.Mapping;
import io.memfleet.schema.ProcessExit;
import io.memfleet.schema.ProcessSample;
import io.memfleet.schema.SampleRecord;
import io.memfleet.schema.codec.WireFormat;
import io.memfleet.schema.kafka.SampleRecordSerde;
import io.memfleet.schema.kafka.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.internals.WrappedStateStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The production topology, driven record by record without a broker. */
class AggregatorTopologyTest {

    private static final String HOST = "host-a";
    private static final List<Mapping> MAPPINGS = List.of(
            Mapping.of(0x400000, 0x401000, "r-xp", 0, "fd:01", 42, "/usr/bin/app"),
            Mapping.of(0x7f0000000000L, 0x7f0000100000L, "rw-p", 0, "00:00", 0, "[heap]"));

    private TopologyTestDriver driver;
    private TestInputTopic<String, SampleRecord> samples;
    private KeyValueStore<String, HostState> hosts;
    private KeyValueStore<String, ProcessState> processes;

    @TempDir
    Path stateDir;

    @BeforeEach
    void setUp() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "topology-test");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString()); // stores of other runs must not leak in
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.DEFAULT_DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
                LogAndContinueExceptionHandler.class);
        driver = new TopologyTestDriver(AggregatorTopology.build(), props);
        samples = driver.createInputTopic(Topics.SAMPLES, new StringSerializer(),
                new SampleRecordSerde(WireFormat.AVRO).serializer());
        hosts = driver.getKeyValueStore(AggregatorTopology.HOSTS_STORE);
        processes = driver.getKeyValueStore(AggregatorTopology.PROCESSES_STORE);
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    private static ProcessSample sample(String runId, long seq, int pid, long rssKb, String digest,
                                        List<Mapping> mappings) {
        return new ProcessSample(runId, seq, HOST, "boot-1", pid, 1000 + pid, 1, "app", 1000, "S", 4,
                1_000_000 + seq, null, null, null, null, null, rssKb, null, null, null, null, null, null, null, null,
                null, MAPPINGS.size(), digest, mappings, null, null);
    }

    private static HostHeartbeat heartbeat(String runId, long seq, int seen) {
        return new HostHeartbeat(runId, seq, HOST, "host-a.example.org", "boot-1", "1.0", 1_000_000 + seq, 10_000,
                seen, 1, 0, 0, 12, seq, seq * 100, 0, 0, null);
    }

    /** Pipes a record with the timestamp the collector would have sent it at. */
    private void pipe(SampleRecord record) {
        long timestamp = record instanceof ProcessSample s ? s.sampledAt()
                : record instanceof ProcessExit e ? e.exitedAt() : ((HostHeartbeat) record).sampledAt();
        samples.pipeInput(HOST, record, timestamp);
    }

    private List<Mapping> mappingsOf(int pid) {
        KeyValueStore<String, MappingSet> sets = driver.getKeyValueStore(AggregatorTopology.MAPPINGS_STORE);
        return sets.get(ProcessKey.of(HOST, "boot-1", pid, 1000 + pid)).mappings();
    }

    private ProcessState process(int pid) {
        return processes.get(ProcessKey.of(HOST, "boot-1", pid, 1000 + pid));
    }

    @Test
    void shouldKeepTheLatestSampleAndTheHostFromTheHeartbeat() {
        pipe(sample("run-1", 1, 10, 5_000, "d1", MAPPINGS));
        pipe(sample("run-1", 2, 10, 6_000, "d1", null));
        pipe(heartbeat("run-1", 3, 1));

        ProcessState state = process(10);
        assertThat(state.latest().vmRssKb()).isEqualTo(6_000);
        assertThat(state.latest().mappings()).as("mappings are kept once, beside the sample").isNull();
        assertThat(mappingsOf(10)).isEqualTo(MAPPINGS);
        assertThat(state.mappingsOutOfSync()).isFalse();
        HostState host = hosts.get(HOST);
        assertThat(host.hostname()).isEqualTo("host-a.example.org");
        assertThat(host.processCount()).isEqualTo(1);
        assertThat(host.samplesLost()).isZero();
    }

    @Test
    void shouldCountGapsInSeqAsLostButNotACollectorRestart() {
        pipe(sample("run-1", 1, 10, 5_000, "d1", MAPPINGS));
        pipe(sample("run-1", 5, 10, 5_000, "d1", null)); // 2..4 lost
        pipe(sample("run-2", 1, 10, 5_000, "d1", null)); // restart: numbering begins again
        pipe(sample("run-2", 2, 10, 5_000, "d1", null));

        assertThat(hosts.get(HOST).samplesLost()).isEqualTo(3);
        assertThat(hosts.get(HOST).collectorRestarts()).isEqualTo(1);
    }

    @Test
    void shouldCountRecordsANewRunLostBeforeItsFirstOneSeen() {
        pipe(sample("run-1", 1, 10, 5_000, "d1", MAPPINGS));
        pipe(sample("run-1", 2, 10, 5_000, "d1", null));
        pipe(sample("run-2", 4, 10, 5_000, "d1", null)); // run-2's seq 1..3 never arrived

        assertThat(hosts.get(HOST).samplesLost()).isEqualTo(3);
        assertThat(hosts.get(HOST).collectorRestarts()).isEqualTo(1);
        assertThat(hosts.get(HOST).lastSeq()).isEqualTo(4);
    }

    @Test
    void shouldFoldARecordDeliveredTwiceOnlyOnce() {
        pipe(sample("run-1", 1, 10, 5_000, "d1", MAPPINGS));
        pipe(sample("run-1", 2, 10, 6_000, "d1", null));
        pipe(sample("run-1", 1, 10, 5_000, "d1", MAPPINGS)); // resent from the spool

        assertThat(process(10).latest().vmRssKb()).as("the older sample does not win").isEqualTo(6_000);
        assertThat(hosts.get(HOST).duplicatesDropped()).isEqualTo(1);
        assertThat(hosts.get(HOST).samplesLost()).isZero();
    }

    @Test
    void shouldFoldARecordCountedLostThatArrivesAfterLaterOnes() {
        pipe(sample("run-1", 1, 10, 5_000, "d1", MAPPINGS));
        pipe(sample("run-1", 2, 10, 5_100, "d1", null));
        pipe(sample("run-1", 6, 10, 5_500, "d1", null)); // 3..5 not there yet: a resend is on its way
        assertThat(hosts.get(HOST).samplesLost()).isEqualTo(3);

        pipe(sample("run-1", 4, 10, 5_300, "d1", null)); // out of order, after a broker restart
        pipe(sample("run-1", 3, 10, 5_200, "d1", null));
        pipe(sample("run-1", 4, 10, 5_300, "d1", null)); // and once more: now a duplicate

        HostState host = hosts.get(HOST);
        assertThat(host.samplesLost()).as("5 never came").isEqualTo(1);
        assertThat(host.duplicatesDropped()).isEqualTo(1);
        assertThat(host.gaps()).containsExactly(5L, 5L);
        assertThat(process(10).latest().vmRssKb()).as("a late sample does not become the latest").isEqualTo(5_500);
        WindowStore<String, MemoryPoint> history = driver.getWindowStore(AggregatorTopology.SAMPLES_STORE);
        String key = ProcessKey.of(HOST, "boot-1", 10, 1010);
        assertThat(history.fetch(key, 1_000_003).get(MemoryField.VM_RSS_KB)).as("its point is in the history")
                .isEqualTo(5_200);
        assertThat(history.fetch(key, 1_000_004).get(MemoryField.VM_RSS_KB)).isEqualTo(5_300);
        Rollup open = process(10).bucket().rollup();
        assertThat(open.count()).as("and in its rollup bucket, once").isEqualTo(5);
        assertThat(open.avg(MemoryField.VM_RSS_KB)).isEqualTo((5_000 + 5_100 + 5_500 + 5_300 + 5_200) / 5.0);
    }

    @Test
    void shouldRememberABoundedNumberOfGaps() {
        long seq = 1;
        pipe(sample("run-1", seq, 10, 5_000, "d1", MAPPINGS));
        for (int gap = 0; gap < HostState.MAX_GAPS + 10; gap++) {
            seq += 2;
            pipe(sample("run-1", seq, 10, 5_000, "d1", null));
        }
        HostState host = hosts.get(HOST);
        assertThat(host.gaps()).hasSize(2 * HostState.MAX_GAPS);
        assertThat(host.samplesLost()).isEqualTo(HostState.MAX_GAPS + 10);

        pipe(sample("run-1", 2, 10, 5_000, "d1", null)); // in a forgotten gap: taken as a duplicate
        assertThat(hosts.get(HOST).samplesLost()).isEqualTo(HostState.MAX_GAPS + 10);
        assertThat(hosts.get(HOST).duplicatesDropped()).isEqualTo(1);
    }

    @Test
    void shouldCountRecordsLostBeforeTheFirstOneSeen() {
        pipe(sample("run-1", 1, 10, 5_000, "d1", MAPPINGS));

        assertThat(hosts.get(HOST).samplesLost()).isZero();
    }

    @Test
    void shouldMarkMappingsOutOfSyncUntilTheFullListArrives() {
        pipe(sample("run-1", 1, 10, 5_000, "d1", MAPPINGS));
        pipe(sample("run-1", 3, 10, 5_000, "d2", null)); // the list for d2 was lost

        assertThat(process(10).mappingsOutOfSync()).isTrue();

        List<Mapping> changed = List.of(MAPPINGS.get(0));
        pipe(sample("run-1", 4, 10, 5_000, "d2", changed));

        assertThat(process(10).mappingsOutOfSync()).isFalse();
        assertThat(mappingsOf(10)).isEqualTo(changed);
    }

    @Test
    void shouldMergeALateSampleWithItsBucketAlreadyStored() {
        String key = ProcessKey.of(HOST, "boot-1", 10, 1010);
        WindowStore<String, Rollup> rollups = driver.getWindowStore(AggregatorTopology.ROLLUPS_STORE);
        pipe(sample("run-1", 1, 10, 8_000, "d1", MAPPINGS));      // t = 1,000,001: bucket 900,000
        pipe(sample("run-1", 300_001, 10, 5_000, "d1", null));   // t = 1,300,001: the next one; 900,000 stored
        assertThat(rollups.fetch(key, 900_000).count()).isEqualTo(1);

        pipe(sample("run-1", 2, 10, 4_000, "d1", null));         // t = 1,000,002: counted lost, resent late

        Rollup merged = rollups.fetch(key, 900_000);
        assertThat(merged.count()).isEqualTo(2);
        assertThat(merged.min(MemoryField.VM_RSS_KB)).isEqualTo(4_000);
        assertThat(merged.max(MemoryField.VM_RSS_KB)).isEqualTo(8_000);
        assertThat(process(10).bucket().start()).as("the open bucket stays open").isEqualTo(1_200_000);
        assertThat(process(10).bucket().rollup().count()).isEqualTo(1);
    }

    @Test
    void shouldStopProcessingOnAStoredStateOfAnotherFormatAndSayWhichItIs() {
        pipe(sample("run-1", 1, 10, 5_000, "d1", MAPPINGS));
        String key = ProcessKey.of(HOST, "boot-1", 11, 1011);
        byte[] otherFormat = ProcessState.first(sample("run-1", 1, 11, 5_000, "d1", null)).toBytes();
        otherFormat[0] = 8; // zig-zag 4
        putRaw(AggregatorTopology.PROCESSES_STORE, key, otherFormat);

        // Not skipped like an undecodable input record: the stream thread stops, and the aggregator
        // with it (its uncaught-exception handler), rather than fold on over state it cannot read.
        assertThatThrownBy(() -> pipe(sample("run-1", 2, 11, 5_000, "d1", null)))
                .hasRootCauseInstanceOf(StateFormatException.class)
                .rootCause().hasMessageContaining("process state in format 4, but this aggregator reads only format 3");
    }

    /** Puts {@code value} under {@code key} as it is, past the store's serde (a value another version wrote). */
    @SuppressWarnings("unchecked")
    private void putRaw(String store, String key, byte[] value) {
        KeyValueStore<String, ?> typed = driver.getKeyValueStore(store);
        ((WrappedStateStore<KeyValueStore<Bytes, byte[]>, ?, ?>) typed).wrapped()
                .put(Bytes.wrap(key.getBytes(StandardCharsets.UTF_8)), value);
    }

    @Test
    void shouldDateAHostBySampleTimesNotByWhenRecordsReachedKafka() {
        long drainedAt = 5_000_000; // an hour and more later, from the collector's spool
        samples.pipeInput(HOST, sample("run-1", 1, 10, 5_000, "d1", MAPPINGS), drainedAt);
        samples.pipeInput(HOST, sample("run-1", 2, 10, 5_100, "d1", null), drainedAt + 1);

        HostState host = hosts.get(HOST);
        assertThat(host.firstSeen()).isEqualTo(1_000_001);
        assertThat(host.lastSeen()).isEqualTo(1_000_002);
    }

    @Test
    void shouldMarkAnExitedProcessAndStoreItsOpenBucket() {
        pipe(sample("run-1", 1, 10, 5_000, "d1", MAPPINGS));
        pipe(new ProcessExit("run-1", 2, HOST, "boot-1", 10, 1010, "app", 2_000_000));

        assertThat(process(10).exitedAt()).isEqualTo(2_000_000);
        assertThat(process(10).bucket()).isNull();
        WindowStore<String, Rollup> rollups = driver.getWindowStore(AggregatorTopology.ROLLUPS_STORE);
        assertThat(rollups.fetch(ProcessKey.of(HOST, "boot-1", 10, 1010), 900_000).count()).isEqualTo(1);
    }

    @Test
    void shouldKeepEverySampleRollupsAndMappingChanges() {
        List<Mapping> grown = List.of(MAPPINGS.get(0),
                Mapping.of(0x7f0000000000L, 0x7f0000200000L, "rw-p", 0, "00:00", 0, "[heap]"));
        pipe(sample("run-1", 1, 10, 5_000, "d1", MAPPINGS));   // t = 1,000,001
        pipe(sample("run-1", 2, 10, 7_000, "d1", null));       // t = 1,000,002
        pipe(sample("run-1", 3, 10, 6_000, "d2", grown));      // t = 1,000,003
        String key = ProcessKey.of(HOST, "boot-1", 10, 1010);

        WindowStore<String, MemoryPoint> history = driver.getWindowStore(AggregatorTopology.SAMPLES_STORE);
        List<Long> rss = new java.util.ArrayList<>();
        try (var points = history.fetch(key, 0, Long.MAX_VALUE)) {
            points.forEachRemaining(p -> rss.add(p.value.get(MemoryField.VM_RSS_KB)));
        }
        assertThat(rss).containsExactly(5_000L, 7_000L, 6_000L);

        // 5-minute buckets: 1,000,00x falls in [900,000, 1,200,000), open in the process's state.
        WindowStore<String, Rollup> rollups = driver.getWindowStore(AggregatorTopology.ROLLUPS_STORE);
        OpenBucket open = process(10).bucket();
        assertThat(open.start()).isEqualTo(900_000);
        assertThat(open.rollup().count()).isEqualTo(3);
        assertThat(open.rollup().max(MemoryField.VM_RSS_KB)).isEqualTo(7_000);
        assertThat(rollups.fetch(key, 900_000)).as("not stored while open").isNull();

        pipe(sample("run-1", 200_001, 10, 9_000, "d2", null)); // t = 1,200,001: the next bucket
        assertThat(rollups.fetch(key, 900_000)).as("stored once the next bucket begins").isEqualTo(open.rollup());
        assertThat(process(10).bucket().start()).isEqualTo(1_200_000);
        assertThat(process(10).bucket().rollup().max(MemoryField.VM_RSS_KB)).isEqualTo(9_000);

        WindowStore<String, MappingChange> changes = driver.getWindowStore(AggregatorTopology.MAPPING_CHANGES_STORE);
        assertThat(changes.fetch(key, 1_000_001).added()).as("the first list adds everything").isEqualTo(MAPPINGS);
        assertThat(changes.fetch(key, 1_000_002)).as("no list, no change").isNull();
        MappingChange grew = changes.fetch(key, 1_000_003);
        assertThat(grew.added()).containsExactly(grown.get(1));
        assertThat(grew.removed()).containsExactly(MAPPINGS.get(1));
    }

    @Test
    void shouldDeleteProcessesExitedOrUnseenForTheRetention() {
        samples.pipeInput(HOST, sample("run-1", 1, 10, 5_000, "d1", MAPPINGS), 1_000_001);
        samples.pipeInput(HOST, new ProcessExit("run-1", 2, HOST, "boot-1", 10, 1010, "app", 1_000_002), 1_000_002);
        samples.pipeInput(HOST, sample("run-1", 3, 11, 5_000, "d1", MAPPINGS), 1_000_003); // never exits

        // A day and more later the punctuation (on stream time) purges both.
        long later = 1_000_003 + HistoryOptions.DEFAULTS.exitedRetention().toMillis() + 600_000;
        samples.pipeInput(HOST, heartbeat("run-1", 4, 0), later);

        assertThat(process(10)).isNull();
        assertThat(processes.get(ProcessKey.of(HOST, "boot-1", 11, 1011))).isNull();
        WindowStore<String, Rollup> rollups = driver.getWindowStore(AggregatorTopology.ROLLUPS_STORE);
        assertThat(rollups.fetch(ProcessKey.of(HOST, "boot-1", 11, 1011), 900_000).count())
                .as("the open bucket of a process purged without an exit is stored, not lost").isEqualTo(1);
    }

    @Test
    void shouldSkipARecordItCannotDecodeAndGoOn() {
        driver.createInputTopic(Topics.SAMPLES, new StringSerializer(), new ByteArraySerializer())
                .pipeInput(HOST, "not a record".getBytes(StandardCharsets.UTF_8), 1_000_000);
        pipe(sample("run-1", 1, 10, 5_000, "d1", MAPPINGS));

        assertThat(process(10)).isNotNull();
    }
}
