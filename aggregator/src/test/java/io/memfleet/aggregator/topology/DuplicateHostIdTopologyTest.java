package io.memfleet.aggregator.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.memfleet.aggregator.detect.DetectorRunner;
import io.memfleet.schema.Anomaly;
import io.memfleet.schema.AnomalyStatus;
import io.memfleet.schema.AnomalyType;
import io.memfleet.schema.HostHeartbeat;
import io.memfleet.schema.ProcessSample;
import io.memfleet.schema.SampleRecord;
import java.nio.file.Path;
import java.util.HashMap;
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
 * Collectors that claim one host id: VMs cloned from one image write under the same id at once, each
 * run numbering its own seq; a restart is a new run whose predecessor stops.
 */
class DuplicateHostIdTopologyTest {

    private static final long NOW = 1_790_000_000_000L;
    private static final long PASS = 10_000;
    private static final String HOST = "h";

    private TopologyTestDriver driver;
    private TestInputTopic<String, SampleRecord> samples;
    private TestOutputTopic<String, Anomaly> anomalies;
    private KeyValueStore<String, HostState> hosts;
    private KeyValueStore<String, ProcessState> processes;
    private final Map<String, Long> seqs = new HashMap<>();

    @TempDir
    Path stateDir;

    @BeforeEach
    void setUp() {
        driver = TestTopology.driver(AggregatorTopology.build(HistoryOptions.DEFAULTS, new DetectorRunner(Map.of())), stateDir);
        samples = TestTopology.samples(driver);
        anomalies = TestTopology.anomalies(driver);
        hosts = driver.getKeyValueStore(AggregatorTopology.HOSTS_STORE);
        processes = driver.getKeyValueStore(AggregatorTopology.PROCESSES_STORE);
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    /** A pass of run {@code run} on boot {@code boot}: one sample of pid {@code pid}, then the heartbeat, at {@code t}. */
    private void pass(String run, String boot, int pid, long t) {
        samples.pipeInput(HOST, new ProcessSample(run, next(run), HOST, boot, pid, 4200, 1, "app", 0, "S", 1, t, null,
                null, null, null, null, 5_000L, null, null, null, null, null, null, null, null, null, 0, "d", null,
                null, null), t);
        samples.pipeInput(HOST, new HostHeartbeat(run, next(run), HOST, "vm-" + boot, boot, "1", t, PASS, 1, 0, 0, 0,
                1, 0, 0, 0, 0, null), t);
    }

    private long next(String run) {
        return seqs.merge(run, 1L, Long::sum);
    }

    private List<Anomaly> duplicateEvents() {
        return anomalies.readValuesToList().stream().filter(a -> a.type() == AnomalyType.DUPLICATE_HOST_ID).toList();
    }

    @Test
    void shouldSeeTwoClonesWritingAtOnceWithoutLossOrRestarts() {
        for (int i = 0; i < 6; i++) {
            pass("run-a", "boot-a", 100, NOW + i * PASS);
            pass("run-b", "boot-b", 200, NOW + i * PASS + 3_000);
        }

        HostState host = hosts.get(HOST);
        assertThat(host.samplesLost()).as("no loss: each run's seq has no gap").isZero();
        assertThat(host.collectorRestarts()).as("a clone is not a restart").isZero();
        assertThat(host.runs().duplicateSince()).isNotNull();
        assertThat(host.runs().parked()).singleElement().satisfies(p -> assertThat(p.run().concurrent()).isTrue());
        List<Anomaly> events = duplicateEvents();
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.status()).isEqualTo(AnomalyStatus.FIRING);
            assertThat(e.pid()).isZero();
            assertThat(e.evidence()).containsEntry("collectors", "2");
            assertThat(e.evidence().get("bootIds")).contains("boot-a").contains("boot-b");
        });
        assertThat(processes.get(ProcessKey.of(HOST, "boot-a", 100, 4200)).live()).isTrue();
        assertThat(processes.get(ProcessKey.of(HOST, "boot-b", 200, 4200)).live()).isTrue();
    }

    @Test
    void shouldResolveWhenOnlyOneCloneIsLeft() {
        for (int i = 0; i < 3; i++) {
            pass("run-a", "boot-a", 100, NOW + i * PASS);
            pass("run-b", "boot-b", 200, NOW + i * PASS + 3_000);
        }
        for (int i = 3; i < 8; i++) {
            pass("run-a", "boot-a", 100, NOW + i * PASS);
        }

        List<Anomaly> events = duplicateEvents();
        assertThat(events).extracting(Anomaly::status).containsExactly(AnomalyStatus.FIRING, AnomalyStatus.RESOLVED);
        HostState host = hosts.get(HOST);
        assertThat(host.runs().duplicateSince()).isNull();
        assertThat(host.runs().parked()).singleElement().satisfies(p -> assertThat(p.run().concurrent()).isFalse());
        assertThat(host.samplesLost()).isZero();
    }

    @Test
    void shouldCountAPlainRestartAsOneRestartAndNoDuplicate() {
        for (int i = 0; i < 3; i++) {
            pass("run-a", "boot-a", 100, NOW + i * PASS);
        }
        for (int i = 3; i < 6; i++) {
            pass("run-b", "boot-a", 100, NOW + i * PASS);
        }

        HostState host = hosts.get(HOST);
        assertThat(host.collectorRestarts()).isEqualTo(1);
        assertThat(host.samplesLost()).isZero();
        assertThat(host.runs().duplicateSince()).isNull();
        assertThat(duplicateEvents()).isEmpty();
    }

    @Test
    void shouldNotTakeAnOldRunsSpoolDrainedAfterARestartForAClone() {
        pass("run-a", "boot-a", 100, NOW);
        pass("run-b", "boot-b", 100, NOW + 5 * PASS); // rebooted; the new run drains the old one's spool after its first pass
        pass("run-a", "boot-a", 100, NOW + PASS);
        pass("run-a", "boot-a", 100, NOW + 2 * PASS);
        pass("run-b", "boot-b", 100, NOW + 6 * PASS);

        HostState host = hosts.get(HOST);
        assertThat(host.collectorRestarts()).isEqualTo(1);
        assertThat(host.samplesLost()).isZero();
        assertThat(duplicateEvents()).isEmpty();
    }

    @Test
    void shouldKeepAtMostEightRunsOfAHostThatInventsARunIdPerRecord() {
        for (int i = 0; i < 50; i++) {
            pass("run-" + i, "boot-" + i, 100 + i, NOW + i * 100);
        }

        assertThat(hosts.get(HOST).runs().parked()).hasSize(CollectorRuns.MAX_RUNS - 1);
    }
}
