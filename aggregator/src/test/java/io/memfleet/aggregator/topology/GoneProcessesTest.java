package io.memfleet.aggregator.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.memfleet.aggregator.detect.DetectorRunner;
import io.memfleet.schema.Anomaly;
import io.memfleet.schema.AnomalyStatus;
import io.memfleet.schema.HostHeartbeat;
import io.memfleet.schema.Mapping;
import io.memfleet.schema.ProcessSample;
import io.memfleet.schema.SampleRecord;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Processes that went away without a ProcessExit — while their host's collector was restarting,
 * or with the boot — are closed once a new run's complete pass, or its new boot id, shows it.
 */
class GoneProcessesTest {

    private static final String HOST = "host-a";
    private static final Mapping APP = Mapping.of(0x400000, 0x401000, "r-xp", 0, "fd:01", 7, "/usr/bin/app");
    private static final Mapping EVIL = Mapping.of(0x7f0000000000L, 0x7f0000001000L, "r-xp", 0, "fd:01", 9,
            "/tmp/evil.so");

    @TempDir
    Path stateDir;

    private TopologyTestDriver driver;
    private TestInputTopic<String, SampleRecord> samples;
    private TestOutputTopic<String, Anomaly> anomalies;
    private KeyValueStore<String, ProcessState> processes;

    @BeforeEach
    void setUp() {
        driver = TestTopology.driver(AggregatorTopology.build(HistoryOptions.DEFAULTS,
                new DetectorRunner(Map.of("tmp-library", new DetectionWiringTest.TmpLibraryDetector()))), stateDir);
        samples = TestTopology.samples(driver);
        anomalies = TestTopology.anomalies(driver);
        processes = driver.getKeyValueStore(AggregatorTopology.PROCESSES_STORE);
        // Run 1: pid 7 (with a FIRING anomaly) and pid 8, two passes.
        pipe(sample("run-1", 1, "boot-1", 7, 1_000, List.of(APP, EVIL)));
        pipe(sample("run-1", 2, "boot-1", 8, 1_000, List.of(APP)));
        pipe(heartbeat("run-1", 3, "boot-1", 1_000, 2, 0));
        pipe(sample("run-1", 4, "boot-1", 7, 11_000, null));
        pipe(sample("run-1", 5, "boot-1", 8, 11_000, null));
        pipe(heartbeat("run-1", 6, "boot-1", 11_000, 2, 0));
        assertThat(anomalies.readValuesToList()).extracting(Anomaly::status).containsExactly(AnomalyStatus.FIRING);
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    @Test
    void shouldCloseAProcessTheNewRunsFirstPassDidNotReportAndResolveItsAnomaly() {
        pipe(sample("run-2", 1, "boot-1", 8, 40_000, List.of(APP)));
        assertThat(process("boot-1", 7).exitedAt()).as("not before the pass is complete").isNull();

        pipe(heartbeat("run-2", 2, "boot-1", 40_000, 1, 0));

        ProcessState gone = process("boot-1", 7);
        assertThat(gone.exitedAt()).as("the last time it was seen alive").isEqualTo(11_000);
        assertThat(process("boot-1", 8).exitedAt()).isNull();
        List<Anomaly> published = anomalies.readValuesToList();
        assertThat(published).extracting(Anomaly::status).containsExactly(AnomalyStatus.RESOLVED);
        assertThat(published.get(0).pid()).isEqualTo(7);
    }

    @Test
    void shouldCloseEveryProcessOfTheOldBootAtTheFirstRecordOfANewOne() {
        pipe(sample("run-2", 1, "boot-2", 8, 90_000, List.of(APP)));

        assertThat(process("boot-1", 7).exitedAt()).isEqualTo(11_000);
        assertThat(process("boot-1", 8).exitedAt()).isEqualTo(11_000);
        assertThat(process("boot-2", 8).exitedAt()).isNull();
        assertThat(anomalies.readValuesToList()).extracting(Anomaly::status).containsExactly(AnomalyStatus.RESOLVED);
    }

    @Test
    void shouldCloseNothingAfterAFirstPassWithALostRecordAndDecideOnTheNextCompleteOne() {
        // seq 1 (pid 7's sample) never arrives: the pass cannot say pid 7 is gone.
        pipe(sample("run-2", 2, "boot-1", 8, 40_000, List.of(APP)));
        pipe(heartbeat("run-2", 3, "boot-1", 40_000, 2, 0));

        assertThat(process("boot-1", 7).exitedAt()).isNull();
        assertThat(anomalies.readValuesToList()).isEmpty();

        pipe(sample("run-2", 4, "boot-1", 7, 50_000, null));
        pipe(sample("run-2", 5, "boot-1", 8, 50_000, null));
        pipe(heartbeat("run-2", 6, "boot-1", 50_000, 2, 0));

        assertThat(process("boot-1", 7).exitedAt()).as("alive, and reported by this run").isNull();
        assertThat(process("boot-1", 8).exitedAt()).isNull();
        assertThat(anomalies.readValuesToList()).isEmpty();
    }

    @Test
    void shouldDecideOnAPassThatSkippedAnUnreadableProcessAndReopenOneThatIsSampledAgain() {
        // A collector that cannot read every maps file skips some processes in every pass.
        pipe(sample("run-2", 1, "boot-1", 8, 40_000, List.of(APP)));
        pipe(heartbeat("run-2", 2, "boot-1", 40_000, 1, 1));

        assertThat(process("boot-1", 7).exitedAt()).isEqualTo(11_000);

        // It was pid 7 that was unreadable for a while: its next sample brings it back.
        pipe(sample("run-2", 3, "boot-1", 7, 50_000, null));
        assertThat(process("boot-1", 7).exitedAt()).isNull();
    }

    @Test
    void shouldCloseNothingOnLaterPassesOfARunThatAlreadyDecided() {
        pipe(sample("run-2", 1, "boot-1", 8, 40_000, List.of(APP)));
        pipe(heartbeat("run-2", 2, "boot-1", 40_000, 1, 0));
        anomalies.readValuesToList();
        // A process that appeared after the deciding pass and is sampled by this run stays open.
        pipe(sample("run-2", 3, "boot-1", 9, 50_000, List.of(APP)));
        pipe(sample("run-2", 4, "boot-1", 8, 50_000, null));
        pipe(heartbeat("run-2", 5, "boot-1", 50_000, 2, 0));

        assertThat(process("boot-1", 9).exitedAt()).isNull();
        assertThat(process("boot-1", 8).exitedAt()).isNull();
    }

    private ProcessState process(String bootId, int pid) {
        return processes.get(ProcessKey.of(HOST, bootId, pid, 1000 + pid));
    }

    private void pipe(SampleRecord record) {
        long at = record instanceof ProcessSample s ? s.sampledAt() : ((HostHeartbeat) record).sampledAt();
        samples.pipeInput(HOST, record, at);
    }

    private static ProcessSample sample(String runId, long seq, String bootId, int pid, long at, List<Mapping> list) {
        return new ProcessSample(runId, seq, HOST, bootId, pid, 1000 + pid, 1, "app" + pid, 0, "S", 1, at, null, null,
                null, null, null, 100L, null, null, null, null, null, null, null, null, null, 2, "d" + pid, list, null,
                null);
    }

    private static HostHeartbeat heartbeat(String runId, long seq, String bootId, long at, int seen, int unreadable) {
        return new HostHeartbeat(runId, seq, HOST, "host-a.example", bootId, "1", at, 10_000, seen, unreadable, 0, 0, 1,
                0, 0, 0, 0, null);
    }
}
