package io.memfleet.aggregator.detect.heap;

import io.memfleet.aggregator.detect.Finding;
import io.memfleet.aggregator.detect.Observation;
import io.memfleet.schema.Mapping;
import io.memfleet.schema.ProcessSample;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleUnaryOperator;

/** Builds observations of one process from shapes in hours, and runs the detector over them. */
final class HeapSeries {

    static final long T0 = 1_795_000_000_000L;
    static final long MIB = 1024;
    static final long GIB = 1024 * 1024;

    final HeapGrowthDetector detector;
    HeapGrowthState state;
    final List<Finding> findings = new ArrayList<>();
    final List<Long> findingTimes = new ArrayList<>();
    Long memoryLimitKb = 8 * GIB;
    Long memTotalKb = 64 * GIB;
    /** VmData as a function of anonymous memory (kB), or of nothing. */
    DoubleUnaryOperator vmData = anon -> anon * 1.2 + 100 * MIB;

    HeapSeries() {
        this(new HeapGrowthDetector());
    }

    HeapSeries(HeapGrowthDetector detector) {
        this.detector = detector;
        this.state = detector.initial();
    }

    /** Samples {@code anonKb(hours)} every {@code stepSeconds} from {@code fromHours} to {@code toHours}. */
    HeapSeries run(double fromHours, double toHours, int stepSeconds, DoubleUnaryOperator anonKb) {
        for (long ms = (long) (fromHours * 3_600_000); ms < toHours * 3_600_000; ms += stepSeconds * 1000L) {
            observe(T0 + ms, (long) anonKb.applyAsDouble(ms / 3_600_000.0));
        }
        return this;
    }

    HeapSeries observe(long at, Long anonKb) {
        int before = findings.size();
        state = detector.observe(state, observation(at, anonKb), findings);
        for (int i = before; i < findings.size(); i++) {
            findingTimes.add(at);
        }
        return this;
    }

    Observation observation(long at, Long anonKb) {
        Long vm = anonKb == null ? null : (long) vmData.applyAsDouble(anonKb);
        long heap = anonKb == null ? 0 : anonKb / 2;
        ProcessSample sample = new ProcessSample("run", 1, "host-a", "boot", 4242, 777, 1, "java", 1000, "S", 20, at,
                null, null, null, null, null, anonKb, anonKb, anonKb == null ? null : 0L, anonKb == null ? null : 0L,
                vm, null, null, null, null, null, 30, "d", null, null, memoryLimitKb);
        List<Mapping> mappings = anonKb == null ? List.of()
                : List.of(Mapping.of(0x5555_0000_0000L, 0x5555_0000_0000L + heap * 1024, "rw-p", 0, "00:00", 0, "[heap]"));
        return new Observation("host-a", "host-a.example", "boot", 4242, 777, "java", at, T0, sample, mappings, null,
                false, true, memTotalKb, memoryLimitKb);
    }

    List<Finding> firing() {
        return findings.stream().filter(f -> f.status() == io.memfleet.schema.AnomalyStatus.FIRING).toList();
    }

    List<Finding> resolved() {
        return findings.stream().filter(f -> f.status() == io.memfleet.schema.AnomalyStatus.RESOLVED).toList();
    }

    /** Hours from T0 at which the first FIRING came, or NaN. */
    double firstFiringHours() {
        for (int i = 0; i < findings.size(); i++) {
            if (findings.get(i).status() == io.memfleet.schema.AnomalyStatus.FIRING) {
                return (findingTimes.get(i) - T0) / 3_600_000.0;
            }
        }
        return Double.NaN;
    }

    /** A GC sawtooth: 0 at each collection rising to {@code amplitudeKb} over {@code periodMinutes}. */
    static double sawtooth(double hours, double amplitudeKb, double periodMinutes) {
        double phase = (hours * 60 / periodMinutes) % 1.0;
        return amplitudeKb * phase;
    }

    /** A deterministic jitter in [0, 1) (no Random: the tests read as data). */
    static double jitter(double hours) {
        double x = Math.sin(hours * 12_345.678) * 43_758.5453;
        return x - Math.floor(x);
    }
}
