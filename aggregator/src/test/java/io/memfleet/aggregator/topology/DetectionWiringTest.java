package io.memfleet.aggregator.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.memfleet.aggregator.detect.Detector;
import io.memfleet.aggregator.detect.DetectorRunner;
import io.memfleet.aggregator.detect.StateCodec;
import io.memfleet.aggregator.detect.Finding;
import io.memfleet.aggregator.detect.Observation;
import io.memfleet.schema.Anomaly;
import io.memfleet.schema.AnomalyStatus;
import io.memfleet.schema.AnomalyType;
import io.memfleet.schema.HostHeartbeat;
import io.memfleet.schema.Mapping;
import io.memfleet.schema.ProcessExit;
import io.memfleet.schema.ProcessSample;
import io.memfleet.schema.SampleRecord;
import io.memfleet.schema.Severity;
import io.memfleet.schema.codec.WireFormat;
import io.memfleet.schema.kafka.AnomalySerde;
import io.memfleet.schema.kafka.SampleRecordSerde;
import io.memfleet.schema.kafka.Topics;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Observations reach the detectors with what they need, and their findings reach the topic and the store. */
class DetectionWiringTest {

    private static final String HOST = "host-a";

    /** Fires while a mapping at /tmp/evil.so is present; remembers every observation it saw. */
    record SeenState(int observations, boolean open, long lastMemTotal, Long lastLimit, boolean sawFirstList) {
    }

    static final class TmpLibraryDetector extends TmpLibraryDetectorBase {
    }

    abstract static class TmpLibraryDetectorBase implements Detector<SeenState> {
        @Override
        public SeenState initial() {
            return new SeenState(0, false, 0, null, false);
        }

        @Override
        public SeenState observe(SeenState state, Observation o, List<Finding> findings) {
            boolean present = o.mappings().stream().anyMatch(m -> m.path().equals("/tmp/evil.so"));
            if (present && !state.open()) {
                findings.add(new Finding(AnomalyType.NEW_EXEC_MAPPING, Severity.HIGH, AnomalyStatus.FIRING, "evil",
                        o.processName() + " loaded /tmp/evil.so", Map.of("path", "/tmp/evil.so")));
            }
            return new SeenState(state.observations() + 1, present || state.open(),
                    o.memTotalKb() == null ? 0 : o.memTotalKb(), o.memoryLimitKb(), state.sawFirstList() || o.firstList());
        }

        @Override
        public void exited(SeenState state, long exitedAt, List<Finding> findings) {
            if (state.open()) {
                findings.add(new Finding(AnomalyType.NEW_EXEC_MAPPING, Severity.HIGH, AnomalyStatus.RESOLVED, "evil",
                        "the process exited", Map.of()));
            }
        }

        @Override
        public StateCodec<SeenState> stateCodec() {
            return StateCodec.json(SeenState.class);
        }
    }

    /** The same, keeping its state with the process's own. */
    static final class InlineTmpLibraryDetector extends TmpLibraryDetectorBase {
        @Override
        public boolean stateWithProcess() {
            return true;
        }
    }

    @TempDir
    Path stateDir;

    private TopologyTestDriver driver;
    private TestInputTopic<String, SampleRecord> samples;
    private TestOutputTopic<String, Anomaly> anomalies;

    @BeforeEach
    void setUp() {
        start(new TmpLibraryDetector());
    }

    private void start(Detector<?> detector) {
        if (driver != null) {
            driver.close();
        }
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "detection-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(AggregatorTopology.build(HistoryOptions.DEFAULTS,
                new DetectorRunner(Map.of("tmp-library", detector))), props);
        samples = driver.createInputTopic(Topics.SAMPLES, new StringSerializer(),
                new SampleRecordSerde(WireFormat.JSON).serializer());
        anomalies = driver.createOutputTopic(Topics.ANOMALIES, new StringDeserializer(),
                new AnomalySerde(WireFormat.JSON).deserializer());
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    private static ProcessSample sample(long seq, long at, List<Mapping> mappings, Long limitKb) {
        return new ProcessSample("run", seq, HOST, "boot", 7, 70, 1, "victim", 0, "S", 1, at, null, null, null, null,
                null, 100L, 90L, 10L, 0L, null, null, null, null, null, 0L, 1, "d" + (mappings == null ? 0 : mappings.size()),
                mappings, null, limitKb);
    }

    @Test
    void shouldPublishAndKeepFindingsAndResolveThemOnExit() {
        Mapping app = Mapping.of(0x400000, 0x401000, "r-xp", 0, "fd:01", 7, "/usr/bin/victim");
        Mapping evil = Mapping.of(0x7f0000000000L, 0x7f0000001000L, "r-xp", 0, "fd:01", 9, "/tmp/evil.so");
        samples.pipeInput(HOST, new HostHeartbeat("run", 1, HOST, "host-a.example", "boot", "1", 1_000, 10_000, 1, 0, 0,
                0, 1, 0, 0, 0, 0, 24_000_000L), 1_000);
        samples.pipeInput(HOST, sample(2, 2_000, List.of(app), 512_000L), 2_000);
        samples.pipeInput(HOST, sample(3, 3_000, List.of(app, evil), 512_000L), 3_000);
        samples.pipeInput(HOST, sample(4, 4_000, null, null), 4_000);
        samples.pipeInput(HOST, new ProcessExit("run", 5, HOST, "boot", 7, 70, "victim", 5_000), 5_000);

        List<TestRecord<String, Anomaly>> published = anomalies.readRecordsToList();
        assertThat(published).extracting(r -> r.value().status())
                .containsExactly(AnomalyStatus.FIRING, AnomalyStatus.RESOLVED);
        TestRecord<String, Anomaly> firing = published.get(0);
        assertThat(firing.key()).isEqualTo(HOST);
        assertThat(new String(firing.headers().lastHeader("content-type").value())).isEqualTo("application/json");
        Anomaly anomaly = firing.value();
        assertThat(anomaly.hostname()).isEqualTo("host-a.example");
        assertThat(anomaly.pid()).isEqualTo(7);
        assertThat(anomaly.startTime()).isEqualTo(70);
        assertThat(anomaly.processName()).isEqualTo("victim");
        assertThat(anomaly.detectedAt()).isEqualTo(3_000);
        assertThat(anomaly.id()).hasSize(32).isNotEqualTo(published.get(1).value().id());

        KeyValueStore<String, Anomaly> kept = driver.getKeyValueStore(AggregatorTopology.ANOMALIES_STORE);
        assertThat(kept.approximateNumEntries()).isEqualTo(2);
        KeyValueStore<String, byte[]> states = driver.getKeyValueStore(AggregatorTopology.DETECTOR_STATE_STORE);
        assertThat(states.get(ProcessKey.detectorState(ProcessKey.of(HOST, "boot", 7, 70), "tmp-library")))
                .as("forgotten on exit").isNull();
    }

    @Test
    void shouldGiveDetectorsTheHostMemoryTheLimitAndTheFirstList() {
        Mapping app = Mapping.of(0x400000, 0x401000, "r-xp", 0, "fd:01", 7, "/usr/bin/victim");
        samples.pipeInput(HOST, new HostHeartbeat("run", 1, HOST, "h", "boot", "1", 1_000, 10_000, 1, 0, 0, 0, 1, 0, 0,
                0, 0, 24_000_000L), 1_000);
        samples.pipeInput(HOST, sample(2, 2_000, List.of(app), 512_000L), 2_000);
        samples.pipeInput(HOST, sample(3, 3_000, null, null), 3_000);

        KeyValueStore<String, byte[]> states = driver.getKeyValueStore(AggregatorTopology.DETECTOR_STATE_STORE);
        SeenState state = StateCodec.json(SeenState.class)
                .decode(states.get(ProcessKey.detectorState(ProcessKey.of(HOST, "boot", 7, 70), "tmp-library")));
        assertThat(state.observations()).isEqualTo(2);
        assertThat(state.lastMemTotal()).isEqualTo(24_000_000L);
        assertThat(state.lastLimit()).as("kept from the list, not cleared by a sample without one")
                .isEqualTo(512_000L);
        assertThat(state.sawFirstList()).isTrue();
    }

    @Test
    void shouldForgetTheDetectorStatesOfAProcessTheFoldHasForgotten() {
        Mapping app = Mapping.of(0x400000, 0x401000, "r-xp", 0, "fd:01", 7, "/usr/bin/victim");
        samples.pipeInput(HOST, sample(1, 1_000, List.of(app), null), 1_000);
        String key = ProcessKey.detectorState(ProcessKey.of(HOST, "boot", 7, 70), "tmp-library");
        KeyValueStore<String, byte[]> states = driver.getKeyValueStore(AggregatorTopology.DETECTOR_STATE_STORE);
        assertThat(states.get(key)).isNotNull();

        // No exit record (the collector was down when it exited): the process is not heard of for the
        // retention, the fold purges it, and the detectors' next purge follows.
        long later = 1_000 + HistoryOptions.DEFAULTS.exitedRetention().toMillis() + 600_000;
        samples.pipeInput(HOST, new HostHeartbeat("run", 2, HOST, "h", "boot", "1", later, 10_000, 0, 0, 0, 0, 1, 0, 0,
                0, 0, null), later);
        samples.pipeInput(HOST, new HostHeartbeat("run", 3, HOST, "h", "boot", "1", later + 1_200_000, 10_000, 0, 0,
                0, 0, 1, 0, 0, 0, 0, null), later + 1_200_000);

        assertThat(states.get(key)).isNull();
    }

    @Test
    void shouldKeepTheStateOfADetectorThatAsksInTheProcessStateAndDropItOnExit() {
        start(new InlineTmpLibraryDetector());
        Mapping evil = Mapping.of(0x7f0000000000L, 0x7f0000001000L, "r-xp", 0, "fd:01", 9, "/tmp/evil.so");
        String process = ProcessKey.of(HOST, "boot", 7, 70);
        samples.pipeInput(HOST, sample(1, 1_000, List.of(evil), null), 1_000);
        samples.pipeInput(HOST, sample(2, 2_000, null, null), 2_000);

        KeyValueStore<String, ProcessState> processes = driver.getKeyValueStore(AggregatorTopology.PROCESSES_STORE);
        KeyValueStore<String, byte[]> states = driver.getKeyValueStore(AggregatorTopology.DETECTOR_STATE_STORE);
        SeenState state = StateCodec.json(SeenState.class)
                .decode(processes.get(process).detectorStates().get("tmp-library"));
        assertThat(state.observations()).isEqualTo(2);
        assertThat(state.open()).isTrue();
        assertThat(states.get(ProcessKey.detectorState(process, "tmp-library"))).as("not in the store").isNull();

        samples.pipeInput(HOST, new ProcessExit("run", 3, HOST, "boot", 7, 70, "victim", 3_000), 3_000);
        assertThat(anomalies.readRecordsToList()).extracting(r -> r.value().status())
                .containsExactly(AnomalyStatus.FIRING, AnomalyStatus.RESOLVED);
        assertThat(processes.get(process).detectorStates().isEmpty()).as("forgotten on exit").isTrue();
    }

    @Test
    void shouldDropTheStateOfADetectorNoLongerConfigured() {
        start(new InlineTmpLibraryDetector());
        String process = ProcessKey.of(HOST, "boot", 7, 70);
        KeyValueStore<String, ProcessState> processes = driver.getKeyValueStore(AggregatorTopology.PROCESSES_STORE);
        processes.put(process, ProcessState.first(sample(1, 1_000, null, null))
                .withDetectorStates(InlineDetectorStates.NONE.with("retired", new byte[] {1, 2, 3})));

        samples.pipeInput(HOST, sample(2, 2_000, null, null), 2_000);

        InlineDetectorStates states = processes.get(process).detectorStates();
        assertThat(states.get("retired")).isNull();
        assertThat(states.get("tmp-library")).isNotNull();
    }
}
