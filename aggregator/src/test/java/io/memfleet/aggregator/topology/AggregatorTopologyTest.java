package io.memfleet.aggregator.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.memfleet.schema.HostHeartbeat;
import io.memfleet.schema.Mapping;
import io.memfleet.schema.ProcessExit;
import io.memfleet.schema.ProcessSample;
import io.memfleet.schema.SampleRecord;
import io.memfleet.schema.codec.WireFormat;
import io.memfleet.schema.kafka.SampleRecordSerde;
import io.memfleet.schema.kafka.Topics;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

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

    @BeforeEach
    void setUp() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "topology-test");
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
                null, MAPPINGS.size(), digest, mappings, null);
    }

    private static HostHeartbeat heartbeat(String runId, long seq, int seen) {
        return new HostHeartbeat(runId, seq, HOST, "host-a.example.org", "boot-1", "1.0", 1_000_000 + seq, 10_000,
                seen, 1, 0, 0, 12, seq, seq * 100, 0, 0);
    }

    private ProcessState process(int pid) {
        return processes.get(ProcessKey.of(HOST, "boot-1", pid, 1000 + pid));
    }

    @Test
    void shouldKeepTheLatestSampleAndTheHostFromTheHeartbeat() {
        samples.pipeInput(HOST, sample("run-1", 1, 10, 5_000, "d1", MAPPINGS));
        samples.pipeInput(HOST, sample("run-1", 2, 10, 6_000, "d1", null));
        samples.pipeInput(HOST, heartbeat("run-1", 3, 1));

        ProcessState state = process(10);
        assertThat(state.latest().vmRssKb()).isEqualTo(6_000);
        assertThat(state.latest().mappings()).as("mappings are kept once, beside the sample").isNull();
        assertThat(state.mappings()).isEqualTo(MAPPINGS);
        assertThat(state.mappingsOutOfSync()).isFalse();
        HostState host = hosts.get(HOST);
        assertThat(host.hostname()).isEqualTo("host-a.example.org");
        assertThat(host.processCount()).isEqualTo(1);
        assertThat(host.samplesLost()).isZero();
    }

    @Test
    void shouldCountGapsInSeqAsLostButNotACollectorRestart() {
        samples.pipeInput(HOST, sample("run-1", 1, 10, 5_000, "d1", MAPPINGS));
        samples.pipeInput(HOST, sample("run-1", 5, 10, 5_000, "d1", null)); // 2..4 lost
        samples.pipeInput(HOST, sample("run-2", 1, 10, 5_000, "d1", null)); // restart: numbering begins again
        samples.pipeInput(HOST, sample("run-2", 2, 10, 5_000, "d1", null));

        assertThat(hosts.get(HOST).samplesLost()).isEqualTo(3);
    }

    @Test
    void shouldFoldARecordDeliveredTwiceOnlyOnce() {
        samples.pipeInput(HOST, sample("run-1", 1, 10, 5_000, "d1", MAPPINGS));
        samples.pipeInput(HOST, sample("run-1", 2, 10, 6_000, "d1", null));
        samples.pipeInput(HOST, sample("run-1", 1, 10, 5_000, "d1", MAPPINGS)); // resent from the spool

        assertThat(process(10).latest().vmRssKb()).as("the older sample does not win").isEqualTo(6_000);
        assertThat(hosts.get(HOST).duplicatesDropped()).isEqualTo(1);
        assertThat(hosts.get(HOST).samplesLost()).isZero();
    }

    @Test
    void shouldCountRecordsLostBeforeTheFirstOneSeen() {
        samples.pipeInput(HOST, sample("run-1", 1, 10, 5_000, "d1", MAPPINGS));

        assertThat(hosts.get(HOST).samplesLost()).isZero();
    }

    @Test
    void shouldMarkMappingsOutOfSyncUntilTheFullListArrives() {
        samples.pipeInput(HOST, sample("run-1", 1, 10, 5_000, "d1", MAPPINGS));
        samples.pipeInput(HOST, sample("run-1", 3, 10, 5_000, "d2", null)); // the list for d2 was lost

        assertThat(process(10).mappingsOutOfSync()).isTrue();

        List<Mapping> changed = List.of(MAPPINGS.get(0));
        samples.pipeInput(HOST, sample("run-1", 4, 10, 5_000, "d2", changed));

        assertThat(process(10).mappingsOutOfSync()).isFalse();
        assertThat(process(10).mappings()).isEqualTo(changed);
    }

    @Test
    void shouldMarkAnExitedProcess() {
        samples.pipeInput(HOST, sample("run-1", 1, 10, 5_000, "d1", MAPPINGS));
        samples.pipeInput(HOST, new ProcessExit("run-1", 2, HOST, "boot-1", 10, 1010, "app", 2_000_000));

        assertThat(process(10).exitedAt()).isEqualTo(2_000_000);
    }

    @Test
    void shouldSkipARecordItCannotDecodeAndGoOn() {
        driver.createInputTopic(Topics.SAMPLES, new StringSerializer(), new ByteArraySerializer())
                .pipeInput(HOST, "not a record".getBytes(StandardCharsets.UTF_8));
        samples.pipeInput(HOST, sample("run-1", 1, 10, 5_000, "d1", MAPPINGS));

        assertThat(process(10)).isNotNull();
    }
}
