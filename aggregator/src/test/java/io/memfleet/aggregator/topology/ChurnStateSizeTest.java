package io.memfleet.aggregator.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.memfleet.aggregator.detect.DetectorRunner;
import io.memfleet.aggregator.model.MappingChange;
import io.memfleet.schema.HostHeartbeat;
import io.memfleet.schema.Mapping;
import io.memfleet.schema.ProcessExit;
import io.memfleet.schema.ProcessSample;
import io.memfleet.schema.SampleRecord;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15's churn case, measured: a build host starting 100 short-lived processes a second (each
 * seen in one pass, with its first mapping list of 20 mappings, then exited) for
 * {@code -Dmemfleet.churn.minutes} (2 by default) of its time. Prints the bytes each store holds
 * for the host and what that makes per host-day; asserts only the bound on process states (the
 * default {@code host.max.exited.processes}), not the figures.
 */
class ChurnStateSizeTest {

    private static final long NOW = 1_790_000_000_000L;
    private static final int PER_SECOND = 100;
    private static final String HOST = "ci-1";

    private TopologyTestDriver driver;
    private TestInputTopic<String, SampleRecord> samples;
    private long seq;

    @TempDir
    Path stateDir;

    @BeforeEach
    void setUp() {
        driver = TestTopology.driver(AggregatorTopology.build(HistoryOptions.DEFAULTS, new DetectorRunner(Map.of())), stateDir);
        samples = TestTopology.samples(driver);
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    @Test
    void shouldHoldABoundedNumberOfProcessStatesUnderChurnAndPrintTheBytesPerHostDay() {
        int minutes = Integer.getInteger("memfleet.churn.minutes", 2);
        List<Mapping> mappings = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            mappings.add(Mapping.of(0x400000L + i * 0x1000L, 0x401000L + i * 0x1000L, i % 3 == 0 ? "r-xp" : "r--p",
                    0, "08:01", 1000 + i, "/usr/lib/gcc/x86_64-linux-gnu/12/lib" + i + ".so"));
        }
        int pid = 1000;
        for (int second = 0; second < minutes * 60; second++) {
            long t = NOW + second * 1000L;
            for (int i = 0; i < PER_SECOND; i++) {
                pid++;
                samples.pipeInput(HOST, new ProcessSample("run", ++seq, HOST, "boot", pid, 4200 + pid, 1, "cc1", 1000,
                        "R", 1, t + i, 20_000L, 20_000L, 0L, 0L, 8_000L, 8_000L, 6_000L, 2_000L, 0L, 4_000L, 132L,
                        1_000L, 3_000L, 64L, 0L, mappings.size(), "d" + pid, mappings, List.of("cc1", "-O2"), null),
                        t + i);
                samples.pipeInput(HOST, new ProcessExit("run", ++seq, HOST, "boot", pid, 4200 + pid, "cc1", t + i + 5),
                        t + i + 5);
            }
            if (second % 10 == 9) {
                samples.pipeInput(HOST, new HostHeartbeat("run", ++seq, HOST, "ci-1", "boot", "1", t + 999, 10_000,
                        PER_SECOND, 0, 0, 0, 1, 0, 0, 0, 0, null), t + 999);
            }
        }

        KeyValueStore<String, ProcessState> processes = driver.getKeyValueStore(AggregatorTopology.PROCESSES_STORE);
        long processStates = count(processes);
        long processBytes = keyValueBytes(processes, ProcessState::toBytes);
        long mappingBytes = keyValueBytes(driver.getKeyValueStore(AggregatorTopology.MAPPINGS_STORE),
                MappingSet::toBytes);
        long rawBytes = windowBytes(driver.getWindowStore(AggregatorTopology.SAMPLES_STORE), MemoryPoint::toBytes);
        long rollupBytes = windowBytes(driver.getWindowStore(AggregatorTopology.ROLLUPS_STORE), Rollup::toBytes);
        long changeBytes = windowBytes(driver.getWindowStore(AggregatorTopology.MAPPING_CHANGES_STORE),
                MappingChange::toBytes);
        HostState host = driver.<String, HostState>getKeyValueStore(AggregatorTopology.HOSTS_STORE).get(HOST);
        double perDay = 1440.0 / minutes;

        System.out.printf("churn: %d short-lived processes/s for %d min (%,d processes)%n", PER_SECOND, minutes,
                (long) PER_SECOND * 60 * minutes);
        System.out.printf("  process states held: %,d (exitedEvicted %,d): %,d bytes, mapping sets %,d bytes: "
                + "bounded by host.max.exited.processes, the same per day%n", processStates, host.counts().evicted(),
                processBytes, mappingBytes);
        System.out.printf("  raw points: %,d bytes, %,.0f per host-day (kept %s)%n", rawBytes, rawBytes * perDay,
                HistoryOptions.DEFAULTS.rawRetention());
        System.out.printf("  rollups: %,d bytes, %,.0f per host-day (kept %s)%n", rollupBytes, rollupBytes * perDay,
                HistoryOptions.DEFAULTS.rollupRetention());
        System.out.printf("  mapping changes: %,d bytes, %,.0f per host-day (kept %s)%n", changeBytes,
                changeBytes * perDay, HistoryOptions.DEFAULTS.rollupRetention());
        assertThat(processStates).isLessThanOrEqualTo(HostLimits.DEFAULTS.maxExitedProcesses());
        assertThat(host.counts().exited()).isEqualTo(processStates);
    }

    private static <V> long count(KeyValueStore<String, V> store) {
        long n = 0;
        try (KeyValueIterator<String, V> all = store.all()) {
            while (all.hasNext()) {
                all.next();
                n++;
            }
        }
        return n;
    }

    private static <V> long keyValueBytes(KeyValueStore<String, V> store, Function<V, byte[]> bytes) {
        long total = 0;
        try (KeyValueIterator<String, V> all = store.all()) {
            while (all.hasNext()) {
                KeyValue<String, V> entry = all.next();
                total += entry.key.getBytes(StandardCharsets.UTF_8).length + bytes.apply(entry.value).length;
            }
        }
        return total;
    }

    /** Key, the window store's 12 bytes of timestamp and sequence number, value. */
    private static <V> long windowBytes(WindowStore<String, V> store, Function<V, byte[]> bytes) {
        long total = 0;
        try (KeyValueIterator<Windowed<String>, V> all = store.all()) {
            while (all.hasNext()) {
                KeyValue<Windowed<String>, V> entry = all.next();
                total += entry.key.key().getBytes(StandardCharsets.UTF_8).length + 12 + bytes.apply(entry.value).length;
            }
        }
        return total;
    }
}
