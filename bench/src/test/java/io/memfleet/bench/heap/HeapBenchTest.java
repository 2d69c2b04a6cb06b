package io.memfleet.bench.heap;

import static org.assertj.core.api.Assertions.assertThat;

import io.memfleet.aggregator.detect.heap.HeapGrowthSettings;
import org.junit.jupiter.api.Test;

/** The harness itself (not the scores: those are `HeapBench.main`'s job, not a timed test). */
class HeapBenchTest {

    @Test
    void shouldBeDeterministicFromItsSeedAndCoverEveryClass() {
        HeapBench.Report a = HeapBench.run(3, 1, 0.5, HeapGrowthSettings.defaults());
        HeapBench.Report b = HeapBench.run(3, 1, 0.5, HeapGrowthSettings.defaults());

        assertThat(a.table()).isEqualTo(b.table());
        assertThat(a.rows()).hasSize(SeriesClass.values().length + 1);
        assertThat(a.table()).contains("OVERALL").contains("LEAK_GC_SAWTOOTH").contains("RESTARTS");
    }

    @Test
    void shouldSimulateRestartsAsNewProcessesAndLeaksAsOomKills() {
        SimulatedProcess restarts = new SimulatedProcess(3, SeriesClass.RESTARTS, 0, 3 * 86_400_000L);
        int[] counts = {0, 0};
        java.util.Set<Long> identities = new java.util.HashSet<>();
        restarts.play(new SimulatedProcess.Sink() {
            @Override
            public void sample(io.memfleet.aggregator.detect.Observation o) {
                counts[0]++;
                identities.add(o.startTime());
            }

            @Override
            public void exit(int pid, long startTime, long at) {
                counts[1]++;
            }
        });

        assertThat(counts[1]).isPositive();
        assertThat(identities).hasSize(counts[1] + 1);
        assertThat(counts[0]).isBetween(20_000, 26_000);
    }
}
