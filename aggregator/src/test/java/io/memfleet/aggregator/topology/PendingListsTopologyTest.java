package io.memfleet.aggregator.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.memfleet.aggregator.detect.DetectorRunner;
import io.memfleet.schema.Mapping;
import io.memfleet.schema.MappingsPart;
import io.memfleet.schema.ProcessSample;
import io.memfleet.schema.SampleRecord;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Parts whose sample never comes cannot pile up: they are swept after {@link PendingLists#MAX_WAIT}
 * of stream time, and a host's pending parts stay under its cap (a small one here, 64 KiB, stands
 * for the 64 MiB default), counted either way; a list sent as it should be still arrives whole, and
 * other hosts are untouched.
 */
class PendingListsTopologyTest {

    private static final long NOW = 1_790_000_000_000L;
    private static final long CAP = 64 << 10;
    private static final List<Mapping> LIST = PendingListsTest.mappings(300);

    private TopologyTestDriver driver;
    private TestInputTopic<String, SampleRecord> samples;
    private KeyValueStore<String, byte[]> parts;
    private KeyValueStore<String, ProcessState> processes;
    private final Map<String, Long> seqs = new HashMap<>();
    private final TopologyMetrics metrics = new TopologyMetrics();

    @TempDir
    Path stateDir;

    @BeforeEach
    void setUp() {
        driver = TestTopology.driver(AggregatorTopology.build(
                HistoryOptions.DEFAULTS.withLimits(new HostLimits(100_000, 10_000, CAP)),
                new DetectorRunner(Map.of()), metrics), stateDir);
        samples = TestTopology.samples(driver);
        parts = driver.getKeyValueStore(AggregatorTopology.MAPPING_PARTS_STORE);
        processes = driver.getKeyValueStore(AggregatorTopology.PROCESSES_STORE);
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    @Test
    void shouldSweepAndCountPartsWhoseSampleNeverCame() {
        sendParts("orphan", 1, "d1", 3, 2, NOW); // two of three parts, then nothing

        sample("calm", 1, "d", LIST, NOW + PendingLists.MAX_WAIT.toMillis() - 60_000);
        assertThat(keysOf("orphan")).as("still within the bound").isNotEmpty();

        sample("calm", 1, "d", LIST, NOW + PendingLists.MAX_WAIT.toMillis() + 120_000);

        assertThat(keysOf("orphan")).as("parts, header and the host's total").isEmpty();
        assertThat(metrics.listsIncomplete()).isEqualTo(1);
        assertThat(keysOf("calm")).isEmpty();
    }

    @Test
    void shouldKeepAHostSendingOnlyPartsUnderItsCapAndLeaveOtherHostsWhole() {
        for (int pid = 1; pid <= 200; pid++) {
            sendParts("flood", pid, "d" + pid, 3, 3, NOW + pid);
        }

        long stored = bytesOf("flood");
        assertThat(stored).isPositive().isLessThanOrEqualTo(CAP);
        assertThat(metrics.partsRefused()).isPositive();
        assertThat(driver.<String, HostState>getKeyValueStore(AggregatorTopology.HOSTS_STORE).get("flood").counts()
                .partsRefused()).as("on the host, as /api/hosts shows it").isEqualTo((long) metrics.partsRefused());

        sendParts("calm", 7, "d7", 3, 3, NOW + 1_000);
        sample("calm", 7, "d7", null, NOW + 1_000);

        ProcessState calm = state("calm", 7);
        assertThat(calm.haveMappings()).as("another host's list arrives whole").isTrue();
        assertThat(calm.mappingsOutOfSync()).isFalse();
        assertThat(keysOf("calm")).isEmpty();
    }

    @Test
    void shouldLeaveAProcessOutOfSyncWhenItsPartsWereRefusedAtTheCap() {
        for (int pid = 1; pid <= 200; pid++) {
            sendParts("flood", pid, "d" + pid, 3, 3, NOW + pid);
        }
        sample("flood", 1_000, "d0", LIST, NOW + 500);
        sendParts("flood", 1_000, "d1", 3, 3, NOW + 1_000);
        sample("flood", 1_000, "d1", null, NOW + 1_000);

        ProcessState state = state("flood", 1_000);
        assertThat(state.mappingsOutOfSync()).as("as after a lost part").isTrue();
        assertThat(bytesOf("flood")).isLessThanOrEqualTo(CAP);
    }

    @Test
    void shouldStillGiveABigListSentInPartsToItsSample() {
        sendParts("big", 1, "d1", 5, 5, NOW);
        sample("big", 1, "d1", null, NOW);

        ProcessState state = state("big", 1);
        assertThat(state.haveMappings()).isTrue();
        assertThat(state.mappingsOutOfSync()).isFalse();
        assertThat(keysOf("big")).as("nothing left waiting").isEmpty();
        assertThat(metrics.listsIncomplete()).isZero();
        assertThat(metrics.partsRefused()).isZero();
    }

    /** Sends the first {@code sent} of a list's {@code count} parts. */
    private void sendParts(String host, int pid, String digest, int count, int sent, long t) {
        int per = (LIST.size() + count - 1) / count;
        for (int i = 0; i < sent; i++) {
            samples.pipeInput(host, new MappingsPart("run-" + host, next(host), host, "boot", pid, 4200, digest,
                    LIST.size(), i, count, LIST.subList(i * per, Math.min(LIST.size(), (i + 1) * per))), t);
        }
    }

    private void sample(String host, int pid, String digest, List<Mapping> mappings, long t) {
        samples.pipeInput(host, new ProcessSample("run-" + host, next(host), host, "boot", pid, 4200, 1, "app", 0, "S",
                1, t, null, null, null, null, null, 5_000L, null, null, null, null, null, null, null, null, null,
                LIST.size(), digest, mappings, null, null), t);
    }

    private long next(String host) {
        return seqs.merge(host, 1L, Long::sum);
    }

    private ProcessState state(String host, int pid) {
        return processes.get(ProcessKey.of(host, "boot", pid, 4200));
    }

    private List<String> keysOf(String host) {
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> all = parts.prefixScan(ProcessKey.hostPrefix(host),
                new StringSerializer())) {
            all.forEachRemaining(entry -> keys.add(entry.key));
        }
        return keys;
    }

    private long bytesOf(String host) {
        long bytes = 0;
        try (KeyValueIterator<String, byte[]> all = parts.prefixScan(ProcessKey.hostPrefix(host),
                new StringSerializer())) {
            while (all.hasNext()) {
                bytes += all.next().value.length;
            }
        }
        return bytes;
    }
}
