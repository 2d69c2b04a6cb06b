package io.memfleet.aggregator.detect.heap;

import static io.memfleet.aggregator.detect.heap.HeapSeries.GIB;
import static io.memfleet.aggregator.detect.heap.HeapSeries.MIB;
import static io.memfleet.aggregator.detect.heap.HeapSeries.T0;
import static io.memfleet.aggregator.detect.heap.HeapSeries.jitter;
import static io.memfleet.aggregator.detect.heap.HeapSeries.sawtooth;
import static org.assertj.core.api.Assertions.assertThat;

import io.memfleet.aggregator.detect.Finding;
import io.memfleet.schema.AnomalyStatus;
import io.memfleet.schema.AnomalyType;
import io.memfleet.schema.Severity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/** Golden shapes: what fires, what does not, and when. Samples every minute, event time. */
class HeapGrowthDetectorTest {

    private static final DoubleUnaryOperator SLOW_LEAK =
            h -> GIB + 5 * MIB * jitter(h) + (h > 2 ? 20 * MIB * (h - 2) : 0);

    @Test
    void shouldFireOnceOnASlowLinearLeakAfterItIsSustained() {
        HeapSeries series = new HeapSeries().run(0, 40, 60, SLOW_LEAK);

        assertThat(series.findings).hasSize(1);
        Finding f = series.findings.get(0);
        assertThat(f.type()).isEqualTo(AnomalyType.HEAP_GROWTH);
        assertThat(f.status()).isEqualTo(AnomalyStatus.FIRING);
        assertThat(f.severity()).isEqualTo(Severity.LOW);
        assertThat(series.firstFiringHours()).isBetween(2 + 16.0, 2 + 20.0);
        assertThat(f.episode()).isEqualTo(Instant.ofEpochMilli(series.findingTimes.get(0)).toString());
        assertThat(f.summary()).startsWith("java (pid 4242) has grown its anonymous memory by ")
                .contains("MiB/h); at this rate it exhausts its 8.0 GiB cgroup limit in ");
        assertThat(f.evidence()).containsKeys("slopeKbPerHour", "mannKendallZ", "mannKendallP", "windowStart",
                "windowEnd", "points", "envelopeFirstKb", "envelopeLastKb", "boundKb", "hoursToExhaustion",
                "heapMappingKb", "vmDataKb");
        assertThat(Double.parseDouble(f.evidence().get("slopeKbPerHour"))).isBetween(18.0 * MIB, 22.0 * MIB);
        assertThat(f.evidence()).containsEntry("boundSource", "cgroup").containsEntry("method", "trend");
    }

    @Test
    void shouldFireEarlyAndUrgentlyOnAFastLeak() {
        HeapSeries series = new HeapSeries().run(0, 20, 60, h -> GIB + 5 * MIB * jitter(h) + (h > 1 ? 400 * MIB * (h - 1) : 0));

        assertThat(series.firing()).hasSize(1);
        assertThat(series.firstFiringHours()).isLessThan(1 + 12.0);
        assertThat(series.firing().get(0).severity()).isIn(Severity.HIGH, Severity.CRITICAL);
    }

    @Test
    void shouldUseTheHostsMemoryWhenThereIsNoCgroupLimit() {
        HeapSeries series = new HeapSeries();
        series.memoryLimitKb = null;
        series.memTotalKb = 16 * GIB;
        series.run(0, 40, 60, SLOW_LEAK);

        assertThat(series.firing()).hasSize(1);
        assertThat(series.firing().get(0).summary()).contains("16.0 GiB of host memory");
        assertThat(series.firing().get(0).evidence()).containsEntry("boundSource", "host");
    }

    @Test
    void shouldRateSeverityFromGrowthAloneWithoutAnyBound() {
        HeapSeries series = new HeapSeries();
        series.memoryLimitKb = null;
        series.memTotalKb = null;
        series.run(0, 40, 60, SLOW_LEAK);

        assertThat(series.firing()).hasSize(1);
        assertThat(series.firing().get(0).summary()).contains("its memory limit is unknown, and at this rate it doubles in");
        assertThat(series.firing().get(0).evidence()).containsEntry("hoursToExhaustion", "unknown");
    }

    @Test
    void shouldFireOnALeakInSteps() {
        HeapSeries series = new HeapSeries().run(0, 40, 60,
                h -> GIB + 5 * MIB * jitter(h) + (h > 2 ? 40 * MIB * Math.floor((h - 2) / 2) : 0));

        assertThat(series.firing()).hasSize(1);
        assertThat(series.firstFiringHours()).isLessThan(26);
    }

    @Test
    void shouldSeeALeakUnderAGcSawtooth() {
        HeapSeries series = new HeapSeries().run(0, 40, 30,
                h -> GIB + sawtooth(h, GIB, 7) + (h > 2 ? 20 * MIB * (h - 2) : 0));

        assertThat(series.firing()).hasSize(1);
    }

    @Test
    void shouldNotFireOnAGcSawtoothWithoutGrowth() {
        HeapSeries series = new HeapSeries().run(0, 72, 30, h -> GIB + sawtooth(h, GIB, 7) + 20 * MIB * jitter(h));

        assertThat(series.findings).isEmpty();
    }

    @Test
    void shouldNotFireOnACacheFillingToItsCap() {
        HeapSeries series = new HeapSeries().run(0, 5 * 24, 60,
                h -> GIB + 5 * MIB * jitter(h) + (h > 2 ? 2 * GIB * (1 - Math.exp(-(h - 2) / 3)) : 0));

        assertThat(series.findings).isEmpty();
    }

    @Test
    void shouldNotFireOnWarmUpAfterAStart() {
        HeapSeries series = new HeapSeries().run(0, 48, 60, h -> 2 * GIB * (1 - 0.9 * Math.exp(-h / 1.5)) + 5 * MIB * jitter(h));

        assertThat(series.findings).isEmpty();
    }

    @Test
    void shouldNotFireOnADailyLoadCycle() {
        HeapSeries series = new HeapSeries().run(0, 5 * 24, 60,
                h -> 2 * GIB * (1 + 0.25 * Math.sin(2 * Math.PI * h / 24)) + 10 * MIB * jitter(h));

        assertThat(series.findings).isEmpty();
    }

    @Test
    void shouldFindASlowLeakUnderADailyLoadCycleDayOverDay() {
        HeapSeries series = new HeapSeries().run(0, 5 * 24, 60,
                h -> 2 * GIB * (1 + 0.25 * Math.sin(2 * Math.PI * h / 24)) + 10 * MIB * jitter(h) + 6 * MIB * h);

        assertThat(series.firing()).hasSize(1);
        assertThat(series.firing().get(0).evidence()).containsEntry("method", "day-over-day");
    }

    @Test
    void shouldNotFireOnAnonymousGrowthIntoAlreadyCommittedMemory() {
        // A JVM with -Xms = -Xmx = 4 GiB touching its heap over a day: VmData does not move.
        DoubleUnaryOperator touching = h -> 512 * MIB + 3 * GIB * Math.min(1, h / 30) + 5 * MIB * jitter(h);
        HeapSeries gated = new HeapSeries();
        gated.vmData = anon -> 4 * GIB + 100 * MIB;
        gated.run(0, 48, 60, touching);
        assertThat(gated.findings).isEmpty();

        HeapSeries ungated = new HeapSeries(new HeapGrowthDetector(Settings.with(Settings.Knob.VM_DATA_RATIO, 0)));
        ungated.vmData = anon -> 4 * GIB + 100 * MIB;
        ungated.run(0, 48, 60, touching);
        assertThat(ungated.firing()).hasSize(1);
    }

    @Test
    void shouldNotFireOnALoadSpikeThatRecedes() {
        HeapSeries series = new HeapSeries().run(0, 48, 60, h -> GIB + 5 * MIB * jitter(h)
                + (h > 10 && h < 14 ? GIB * Math.min(1, (h - 10)) * Math.exp(-Math.max(0, h - 11)) : 0));

        assertThat(series.findings).isEmpty();
    }

    @Test
    void shouldResolveOnExitWithTheEpisodeAndSeverityItFiredWith() {
        HeapSeries series = new HeapSeries().run(0, 30, 60, SLOW_LEAK);
        Finding firing = series.firing().get(0);
        List<Finding> out = new ArrayList<>();

        series.detector.exited(series.state, T0 + 31 * 3_600_000L, out);

        assertThat(out).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo(AnomalyStatus.RESOLVED);
            assertThat(r.episode()).isEqualTo(firing.episode());
            assertThat(r.severity()).isEqualTo(firing.severity());
            assertThat(r.summary()).contains("java (pid 4242) exited");
        });
    }

    @Test
    void shouldNotResolveOnExitWithoutAnEpisode() {
        HeapSeries series = new HeapSeries().run(0, 5, 60, SLOW_LEAK);
        List<Finding> out = new ArrayList<>();

        series.detector.exited(series.state, T0 + 6 * 3_600_000L, out);

        assertThat(out).isEmpty();
    }

    @Test
    void shouldResolveWhenGrowthStopsAndFireOnlyOncePerEpisode() {
        HeapSeries series = new HeapSeries().run(0, 60, 60,
                h -> GIB + 5 * MIB * jitter(h) + 20 * MIB * (Math.min(h, 30) - 2) * (h > 2 ? 1 : 0));

        assertThat(series.firing()).hasSize(1);
        assertThat(series.resolved()).singleElement().satisfies(r -> {
            assertThat(r.episode()).isEqualTo(series.firing().get(0).episode());
            assertThat(r.summary()).contains("has stopped growing");
        });
        double resolvedAt = (series.findingTimes.get(1) - T0) / 3_600_000.0;
        assertThat(resolvedAt).isBetween(30.0, 30 + 12.0);
    }

    @Test
    void shouldIgnoreKernelThreads() {
        HeapSeries series = new HeapSeries();
        HeapGrowthState before = series.state;

        series.observe(T0, null).observe(T0 + 60_000, null);

        assertThat(series.state).isSameAs(before);
        assertThat(series.findings).isEmpty();
    }

    @Test
    void shouldSkipLateAndDuplicateSamples() {
        HeapSeries series = new HeapSeries().run(0, 2, 60, SLOW_LEAK);
        HeapGrowthState before = series.state;

        series.observe(before.lastAt() - 30_000, 9 * GIB).observe(before.lastAt(), 9 * GIB);

        assertThat(series.state).isSameAs(before);
    }

    @Test
    void shouldSkipAMissingStretchWithoutFalseAlarms() {
        HeapSeries series = new HeapSeries().run(0, 10, 60, h -> GIB + 5 * MIB * jitter(h));
        series.run(16, 72, 60, h -> GIB + 5 * MIB * jitter(h));

        assertThat(series.findings).isEmpty();
    }
}
