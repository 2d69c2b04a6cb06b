package io.memfleet.aggregator.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.memfleet.aggregator.detect.DetectorRunner;
import io.memfleet.schema.Mapping;
import io.memfleet.schema.ProcessExit;
import io.memfleet.schema.ProcessSample;
import io.memfleet.schema.SampleRecord;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A host's records cannot grow the aggregator's state without bound: its live processes, its exited
 * ones and the size of what it names are capped, counted on the host, and other hosts are untouched.
 * Small caps here (5 live, 4 exited) stand for the defaults.
 */
class HostLimitsTopologyTest {

    private static final long NOW = 1_790_000_000_000L;
    private static final HostLimits LIMITS = new HostLimits(5, 4);

    private TopologyTestDriver driver;
    private TestInputTopic<String, SampleRecord> samples;
    private KeyValueStore<String, HostState> hosts;
    private KeyValueStore<String, ProcessState> processes;
    private final Map<String, Long> seqs = new HashMap<>();
    private final TopologyMetrics metrics = new TopologyMetrics();

    @TempDir
    Path stateDir;

    @BeforeEach
    void setUp() {
        driver = TestTopology.driver(AggregatorTopology.build(HistoryOptions.DEFAULTS.withLimits(LIMITS),
                new DetectorRunner(Map.of()), metrics), stateDir);
        samples = TestTopology.samples(driver);
        hosts = driver.getKeyValueStore(AggregatorTopology.HOSTS_STORE);
        processes = driver.getKeyValueStore(AggregatorTopology.PROCESSES_STORE);
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    private ProcessSample sample(String host, int pid, String name, List<Mapping> mappings, long t) {
        return new ProcessSample("run-" + host, next(host), host, "boot", pid, 4200, 1, name, 0, "S", 1, t, null, null,
                null, null, null, 5_000L, null, null, null, null, null, null, null, null, null,
                mappings == null ? 0 : mappings.size(), "d", mappings, null, null);
    }

    private void exit(String host, int pid, long t) {
        samples.pipeInput(host, new ProcessExit("run-" + host, next(host), host, "boot", pid, 4200, "app", t), t);
    }

    private long next(String host) {
        return seqs.merge(host, 1L, Long::sum);
    }

    private List<ProcessState> states(String host) {
        List<ProcessState> found = new ArrayList<>();
        try (KeyValueIterator<String, ProcessState> all = processes.all()) {
            while (all.hasNext()) {
                KeyValue<String, ProcessState> entry = all.next();
                if (entry.value.latest().hostId().equals(host)) {
                    found.add(entry.value);
                }
            }
        }
        return found;
    }

    @Test
    void shouldHoldAtMostTheCapOfLiveProcessesAndCountTheRest() {
        for (int pid = 1; pid <= 12; pid++) {
            samples.pipeInput("flood", sample("flood", pid, "p" + pid, null, NOW + pid), NOW + pid);
        }
        samples.pipeInput("calm", sample("calm", 1, "app", null, NOW + 20), NOW + 20);

        HostState flood = hosts.get("flood");
        assertThat(states("flood")).hasSize(5);
        assertThat(flood.counts().live()).isEqualTo(5);
        assertThat(flood.counts().capped()).isEqualTo(7);
        assertThat(metrics.processesCapped()).isEqualTo(7);
        assertThat(flood.samplesLost()).as("a capped sample is not lost").isZero();
        assertThat(states("calm")).as("another host's processes").hasSize(1);
    }

    @Test
    void shouldStoreSamplesOfAProcessAlreadyHeldWhenTheHostIsAtItsCap() {
        for (int pid = 1; pid <= 6; pid++) {
            samples.pipeInput("full", sample("full", pid, "p", null, NOW + pid), NOW + pid);
        }
        samples.pipeInput("full", sample("full", 1, "p", null, NOW + 10_000), NOW + 10_000);

        assertThat(processes.get(ProcessKey.of("full", "boot", 1, 4200)).lastSeen()).isEqualTo(NOW + 10_000);
        assertThat(hosts.get("full").counts().capped()).isEqualTo(1);
    }

    @Test
    void shouldMakeRoomForNewProcessesWhenOthersExit() {
        for (int pid = 1; pid <= 5; pid++) {
            samples.pipeInput("h", sample("h", pid, "p", null, NOW + pid), NOW + pid);
        }
        exit("h", 1, NOW + 10);
        samples.pipeInput("h", sample("h", 6, "p", null, NOW + 11), NOW + 11);

        HostState host = hosts.get("h");
        assertThat(host.counts().live()).isEqualTo(5);
        assertThat(host.counts().exited()).isEqualTo(1);
        assertThat(host.counts().capped()).isZero();
        assertThat(processes.get(ProcessKey.of("h", "boot", 6, 4200))).isNotNull();
    }

    @Test
    void shouldCutATenMegabyteProcessNameAndAHugeMappingPathButKeepTheMappingsKind() {
        String name = "x".repeat(10 * 1024 * 1024);
        String path = "/tmp/" + "d".repeat(100_000) + " (deleted)";
        Mapping deleted = Mapping.of(0x1000, 0x2000, "r-xp", 0, "08:01", 7, path);
        samples.pipeInput("big", sample("big", 1, name, List.of(deleted), NOW), NOW);

        ProcessState state = processes.get(ProcessKey.of("big", "boot", 1, 4200));
        assertThat(state.latest().name()).hasSize(FieldCaps.NAME_CHARS).endsWith(FieldCaps.MARK);
        assertThat(hosts.get("big").counts().truncated()).isEqualTo(2);
        MappingSet stored = driver.<String, MappingSet>getKeyValueStore(AggregatorTopology.MAPPINGS_STORE)
                .get(ProcessKey.of("big", "boot", 1, 4200));
        Mapping kept = stored.mappings().get(0);
        assertThat(kept.path()).hasSize(FieldCaps.PATH_CHARS).startsWith("/tmp/ddd").endsWith("ddd (deleted)")
                .contains(FieldCaps.MARK);
        assertThat(kept.kind()).isEqualTo(deleted.kind());
    }

    @Test
    void shouldCutHugeIdentityFieldsAndKeepTheOthers() {
        String exe = "/opt/" + "e".repeat(1_000_000) + " (deleted)";
        String unit = "u".repeat(1_000_000) + ".service";
        ProcessSample sample = sample("big", 1, "app", List.of(), NOW)
                .withIdentity(exe, "0123abcd", "/system.slice/app.service", unit, null);
        samples.pipeInput("big", sample, NOW);

        ProcessSample kept = processes.get(ProcessKey.of("big", "boot", 1, 4200)).latest();
        assertThat(kept.exe()).hasSize(FieldCaps.PATH_CHARS).endsWith(" (deleted)").contains(FieldCaps.MARK);
        assertThat(kept.unit()).hasSize(FieldCaps.NAME_CHARS).endsWith(FieldCaps.MARK);
        assertThat(kept.buildId()).isEqualTo("0123abcd");
        assertThat(kept.cgroup()).isEqualTo("/system.slice/app.service");
        assertThat(hosts.get("big").counts().truncated()).isEqualTo(2);
    }

    @Test
    void shouldKeepOnlyTheLatestExitedProcessesOfAHostStartingManyShortLivedOnes() {
        for (int pid = 1; pid <= 40; pid++) {
            samples.pipeInput("ci", sample("ci", pid, "cc1", null, NOW + pid * 100L), NOW + pid * 100L);
            exit("ci", pid, NOW + pid * 100L + 50);
        }

        HostState host = hosts.get("ci");
        List<ProcessState> held = states("ci");
        assertThat(held).hasSizeLessThanOrEqualTo(LIMITS.maxExitedProcesses());
        assertThat(host.counts().exited()).isEqualTo(held.size());
        assertThat(host.counts().live()).isZero();
        assertThat(host.counts().evicted()).isEqualTo(40 - held.size());
        assertThat(processes.get(ProcessKey.of("ci", "boot", 40, 4200))).as("the latest exit is kept").isNotNull();
        assertThat(processes.get(ProcessKey.of("ci", "boot", 1, 4200))).as("the oldest is gone").isNull();
    }
}
