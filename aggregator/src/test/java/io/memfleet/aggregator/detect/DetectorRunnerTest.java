package io.memfleet.aggregator.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.memfleet.aggregator.detect.exec.ExecMappingDetector;
import io.memfleet.aggregator.detect.heap.HeapGrowthDetector;
import io.memfleet.schema.Anomaly;
import io.memfleet.schema.Mapping;
import io.memfleet.schema.ProcessSample;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The runner stores each detector's state apart and writes back only what changed. */
class DetectorRunnerTest {

    private static final List<Mapping> MAPPINGS = List.of(
            Mapping.of(0x400000, 0x401000, "r-xp", 0, "fd:01", 7, "/usr/bin/app"),
            Mapping.of(0x7f0000000000L, 0x7f0000001000L, "r-xp", 0, "fd:01", 8, "/usr/lib/libc.so.6"));

    /** An in-memory store that counts writes. */
    static final class CountingStates implements ProcessStates {
        final Map<String, byte[]> stored = new HashMap<>();
        final Map<String, Integer> writes = new LinkedHashMap<>();

        @Override
        public byte[] get(String detector) {
            return stored.get(detector);
        }

        @Override
        public void put(String detector, byte[] state) {
            stored.put(detector, state);
            writes.merge(detector, 1, Integer::sum);
        }
    }

    private static Observation observation(long at, boolean withList) {
        ProcessSample sample = new ProcessSample("run", at / 1000, "host-a", "boot", 7, 70, 1, "app", 0, "S", 1, at,
                null, null, null, null, null, 200_000L, 100_000L, 100_000L, 0L, 150_000L, null, null, null, null,
                0L, 2, "digest", withList ? MAPPINGS : null, null, null);
        return new Observation("host-a", "host-a.example", "boot", 7, 70, "app", at, 0, sample, MAPPINGS,
                withList ? new io.memfleet.aggregator.model.MappingChange(at == 0 ? MAPPINGS : List.of(), List.of())
                        : null, at == 0, true, null, null);
    }

    @Test
    void shouldWriteOnlyTheStatesThatChanged() {
        DetectorRunner runner = new DetectorRunner(Map.of("heap-growth", new HeapGrowthDetector(),
                "exec-mapping", new ExecMappingDetector()));
        CountingStates states = new CountingStates();
        List<Anomaly> anomalies = new ArrayList<>();

        runner.observe(states, observation(0, true), anomalies);
        for (long at = 10_000; at <= 100_000; at += 10_000) {
            runner.observe(states, observation(at, false), anomalies);
        }

        assertThat(states.stored).containsOnlyKeys("heap-growth", "exec-mapping");
        assertThat(states.writes.get("heap-growth")).as("its envelope moves with every sample").isEqualTo(11);
        assertThat(states.writes.get("exec-mapping")).as("samples without a list leave the baseline as it was")
                .isEqualTo(1);
        assertThat(anomalies).isEmpty();
    }

    @Test
    void shouldStartAfreshFromAStateItCannotRead() {
        DetectorRunner runner = new DetectorRunner(Map.of("heap-growth", new HeapGrowthDetector()));
        CountingStates states = new CountingStates();
        states.stored.put("heap-growth", new byte[] {2, 9, 9}); // format 1, then garbage

        runner.observe(states, observation(0, true), new ArrayList<>());

        assertThat(new HeapGrowthDetector().stateCodec().decode(states.stored.get("heap-growth")).samples())
                .isEqualTo(1);
    }
}
