package io.memfleet.bench.heap;

import io.memfleet.aggregator.detect.Observation;
import io.memfleet.schema.Mapping;
import io.memfleet.schema.ProcessSample;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One labelled simulated series: a process (or, for {@link SeriesClass#RESTARTS}, a succession of
 * processes reusing a pid) sampled every 10 s in event time for {@code durationMs}, with its
 * anonymous memory, VmData, {@code [heap]}, RssFile and RssShmem following its class's shape.
 * Deterministic from {@code (seed, class, index)}. Samples go missing (random drops, collector
 * outages) and arrive late (delivered after their successor); a leak's process is OOM-killed when
 * its anonymous memory reaches the bound.
 */
public final class SimulatedProcess {

    public static final long SAMPLE_MS = 10_000;
    static final long KB_PER_MIB = 1024;
    static final long KB_PER_GIB = 1024 * 1024;
    private static final long EPOCH = 1_795_000_000_000L; // 2026-11-19
    private static final long[] CGROUP_GIB = {2, 4, 8, 16, 32};
    private static final long[] HOST_GIB = {16, 32, 64, 128, 256};
    private static final long[] HOST_ONLY_GIB = {4, 8, 16, 32, 64};
    private static final double NOMINAL_BOUND_KB = 8.0 * KB_PER_GIB;

    /** Where a series' records go, in delivery order. */
    public interface Sink {
        void sample(Observation observation);

        void exit(int pid, long startTime, long at);
    }

    public final SeriesClass seriesClass;
    public final int index;
    public final long startMs;
    public final long durationMs;
    public final Long memTotalKb;
    public final Long memoryLimitKb;
    /** Leak onset, epoch ms, or -1 for a benign series. */
    public final long onsetMs;
    /** Leak rate, kB/h (0 for benign series). */
    public final double leakKbPerHour;

    private final long noiseSeed;
    private final double boundKb;      // the bound, or a nominal 8 GiB when unknown
    private final double levelKb;
    private final double churn;        // positive allocator noise, fraction of the level
    private final double warmupHours;
    private final boolean sawtooth;
    private final double sawAmpKb;
    private final double sawPeriodH;
    private final double dailyAmp;
    private final double dailyPhase;
    private final double vmFactor;
    private final double vmSlackKb;
    private final double swapFraction;
    private final double missProbability;
    private final double lateProbability;
    private final double[] outages;    // pairs of [start, end) hours
    private final double[] steps;      // step times (leak steps, arena creations), hours
    private final double[] stepKb;
    private final double capKb;        // cache cap, -Xmx, page-cache/shmem growth per hour
    private final double tau;          // saturation time constant, hours
    private final double t0;           // cache start, hours
    private final boolean xmsEqualsXmx;
    private final double[] spikes;     // quintuples start, amp, rise, hold, decay (hours, kB)
    private final double[] lifetimes;  // RESTARTS: instance start hours
    private final String name;

    public SimulatedProcess(long seed, SeriesClass seriesClass, int index, long durationMs) {
        this.seriesClass = seriesClass;
        this.index = index;
        this.durationMs = durationMs;
        SplittableRandom p = new SplittableRandom(mix(seed, seriesClass.ordinal(), index));
        this.noiseSeed = p.nextLong();
        this.startMs = EPOCH + p.nextLong(0, 30L * 86_400_000L);
        double u = p.nextDouble();
        if (u < 0.65) {
            memoryLimitKb = pick(p, CGROUP_GIB) * KB_PER_GIB;
            memTotalKb = Math.max(memoryLimitKb * 2, pick(p, HOST_GIB) * KB_PER_GIB);
        } else if (u < 0.9) {
            memoryLimitKb = null;
            memTotalKb = pick(p, HOST_ONLY_GIB) * KB_PER_GIB;
        } else {
            memoryLimitKb = null;
            memTotalKb = null;
        }
        boundKb = memoryLimitKb != null ? memoryLimitKb : memTotalKb != null ? memTotalKb : NOMINAL_BOUND_KB;
        levelKb = Math.max(20 * KB_PER_MIB, Math.min(24.0 * KB_PER_GIB, boundKb * uniform(p, 0.05, 0.35)));
        churn = uniform(p, 0.002, 0.03);
        warmupHours = seriesClass == SeriesClass.LEAK_AFTER_WARMUP ? uniform(p, 0.5, 3)
                : uniform(p, 1, 20) / 60.0;
        boolean saw = switch (seriesClass) {
            case LEAK_GC_SAWTOOTH -> true;
            case STEADY, DAILY_CYCLE, LEAK_LINEAR, LEAK_STEPWISE, RESTARTS -> p.nextDouble() < 0.5;
            default -> false;
        };
        sawtooth = saw;
        sawAmpKb = levelKb * uniform(p, 0.2, 1.0);
        sawPeriodH = logUniform(p, 30, 600) / 3600.0;
        dailyAmp = uniform(p, 0.05, 0.3);
        dailyPhase = uniform(p, 0, 2 * Math.PI);
        vmFactor = uniform(p, 1.05, 1.4);
        vmSlackKb = uniform(p, 20, 300) * KB_PER_MIB;
        swapFraction = p.nextDouble() < 0.2 ? uniform(p, 0, 0.2) : 0;
        missProbability = uniform(p, 0, 0.05);
        lateProbability = 0.003;
        int outageCount = p.nextDouble() < 0.3 ? p.nextInt(1, 4) : 0;
        outages = new double[outageCount * 2];
        double hours = durationMs / 3_600_000.0;
        for (int i = 0; i < outageCount; i++) {
            outages[2 * i] = uniform(p, 0, hours);
            outages[2 * i + 1] = outages[2 * i] + logUniform(p, 10, 180) / 60.0;
        }
        leakKbPerHour = seriesClass.leak() ? boundKb * logUniform(p, 0.001, 0.1) : 0;
        double onsetH = seriesClass == SeriesClass.LEAK_AFTER_WARMUP ? 3 * warmupHours + uniform(p, 0.5, 12)
                : uniform(p, 0.5, 24);
        onsetMs = seriesClass.leak() ? startMs + (long) (onsetH * 3_600_000) : -1;
        name = switch (seriesClass) {
            case LEAK_GC_SAWTOOTH, JVM_TO_XMX -> "java";
            case ARENA_PLATEAU -> "envoy";
            case CACHE_FILL -> "redis-server";
            case SHMEM -> "postgres";
            default -> "app" + index;
        };
        // Class-specific shapes.
        double[] st = new double[0];
        double[] sk = new double[0];
        double cap = 0;
        double tc = 0;
        double start = 0;
        boolean xms = false;
        double[] sp = new double[0];
        double[] life = {0};
        switch (seriesClass) {
            case LEAK_STEPWISE -> {
                double gap = uniform(p, 0.3, 3);
                int n = (int) Math.ceil((hours - onsetH) / (gap * 0.7)) + 1;
                st = new double[n];
                sk = new double[n];
                double t = onsetH;
                for (int i = 0; i < n; i++) {
                    double g = gap * uniform(p, 0.7, 1.3);
                    t += g;
                    st[i] = t;
                    sk[i] = leakKbPerHour * g;
                }
            }
            case CACHE_FILL -> {
                cap = Math.min(boundKb * uniform(p, 0.05, 0.4), 0.85 * boundKb - levelKb);
                tc = logUniform(p, 0.3, 10);
                start = uniform(p, 0, 24);
            }
            case JVM_TO_XMX -> {
                xms = p.nextDouble() < 0.5;
                cap = Math.max(levelKb, boundKb * uniform(p, 0.3, 0.7) - levelKb * 0.5);
                tc = xms ? logUniform(p, 1, 16) : logUniform(p, 10 / 60.0, 4);
            }
            case ARENA_PLATEAU -> {
                int n = p.nextInt(2, 17);
                double end = logUniform(p, 0.5, 12);
                st = new double[n];
                sk = new double[n];
                for (int i = 0; i < n; i++) {
                    st[i] = end * Math.pow((i + 1.0) / n, 2);
                    sk[i] = uniform(p, 16, 64) * KB_PER_MIB;
                }
            }
            case PAGE_CACHE, SHMEM -> cap = boundKb * logUniform(p, 0.001, 0.1);
            case LOAD_SPIKES -> {
                int n = p.nextInt(2, 9);
                sp = new double[n * 5];
                for (int i = 0; i < n; i++) {
                    sp[5 * i] = uniform(p, 0, hours);
                    sp[5 * i + 1] = Math.min(levelKb * uniform(p, 0.2, 1.0), 0.15 * boundKb);
                    sp[5 * i + 2] = uniform(p, 5, 90) / 60.0;
                    sp[5 * i + 3] = uniform(p, 0, 120) / 60.0;
                    sp[5 * i + 4] = uniform(p, 10, 180) / 60.0;
                }
            }
            case RESTARTS -> {
                double[] l = new double[64];
                int n = 0;
                double t = 0;
                while (t < hours && n < l.length) {
                    l[n++] = t;
                    t += uniform(p, 1, 20);
                }
                life = Arrays.copyOf(l, n);
                cap = p.nextDouble() < 0.5 ? boundKb * uniform(p, 0.02, 0.15) : 0;
                tc = uniform(p, 0.3, 3);
            }
            default -> {
            }
        }
        steps = st;
        stepKb = sk;
        capKb = cap;
        tau = tc;
        t0 = start;
        xmsEqualsXmx = xms;
        spikes = sp;
        lifetimes = life;
    }

    /** The parameters that matter when reading a miss or a false alarm. */
    public String describe() {
        return String.format(java.util.Locale.ROOT,
                "bound %.1f GiB (%s), level %.0f MiB, leak %.3f%%/h of bound, onset %.1f h, tau %.2f h, cap %.0f MiB,"
                        + " daily %.2f, saw %s, warmup %.2f h",
                boundKb / KB_PER_GIB, memoryLimitKb != null ? "cgroup" : memTotalKb != null ? "host" : "unknown",
                levelKb / KB_PER_MIB, leakKbPerHour / boundKb * 100,
                onsetMs < 0 ? -1.0 : (onsetMs - startMs) / 3_600_000.0, tau, capKb / KB_PER_MIB, dailyAmp, sawtooth,
                warmupHours);
    }

    public boolean leak() {
        return seriesClass.leak();
    }

    /** Plays the series into {@code sink}; returns the observed span in ms (shorter when OOM-killed). */
    public long play(Sink sink) {
        SplittableRandom r = new SplittableRandom(noiseSeed);
        int pid = 1000 + r.nextInt(60_000);
        long startTicks = r.nextLong(1_000, 10_000_000);
        int instance = 0;
        String hostId = "sim-" + seriesClass.name().toLowerCase() + "-" + index;
        Observation pending = null;
        long seq = 0;
        long firstSeen = startMs;
        for (long ms = 0; ms < durationMs; ms += SAMPLE_MS) {
            long at = startMs + ms + r.nextLong(0, 500);
            double h = ms / 3_600_000.0;
            if (instance + 1 < lifetimes.length && h >= lifetimes[instance + 1]) {
                if (pending != null) {
                    sink.sample(pending);
                    pending = null;
                }
                sink.exit(pid, startTicks, at - 1);
                instance++;
                startTicks += (long) ((lifetimes[instance] - lifetimes[instance - 1]) * 360_000);
                pid = r.nextDouble() < 0.5 ? pid : 1000 + r.nextInt(60_000);
                firstSeen = at;
            }
            boolean dropped = r.nextDouble() < missProbability || inOutage(h);
            double a = h - lifetimes[instance];
            double[] m = memory(h, a, r);
            double anon = m[0];
            if (seriesClass.leak() && anon >= 0.98 * boundKb) {
                if (pending != null) {
                    sink.sample(pending);
                }
                sink.exit(pid, startTicks, at);
                return ms;
            }
            if (dropped) {
                continue;
            }
            long swap = (long) (anon * swapFraction);
            long rssAnon = (long) anon - swap;
            long vmData = (long) m[1];
            long heapKb = (long) m[2];
            long file = (long) m[3];
            long shmem = (long) m[4];
            List<Mapping> mappings = List.of(Mapping.of(0x5555_5555_0000L, 0x5555_5555_0000L + heapKb * 1024, "rw-p",
                    0, "00:00", 0, "[heap]"));
            ProcessSample sample = new ProcessSample("sim", seq++, hostId, "boot", pid, startTicks, 1, name, 1000, "S",
                    8, at, null, vmData + 200_000, 0L, 0L, null, rssAnon + file + shmem, rssAnon, file, shmem,
                    vmData, 132L, 4_000L, 50_000L, 400L, swap, 40, "d", null, null, memoryLimitKb);
            Observation o = new Observation(hostId, hostId, "boot", pid, startTicks, name, at, firstSeen, sample,
                    mappings, null, false, true, memTotalKb, memoryLimitKb);
            if (pending == null && r.nextDouble() < lateProbability) {
                pending = o;
                continue;
            }
            sink.sample(o);
            if (pending != null) {
                sink.sample(pending);
                pending = null;
            }
        }
        if (pending != null) {
            sink.sample(pending);
        }
        return durationMs;
    }

    /** anon, VmData, [heap], RssFile, RssShmem at {@code h} hours into the series, {@code a} into this instance. */
    private double[] memory(double h, double a, SplittableRandom r) {
        double warm = 1 - 0.9 * Math.exp(-a / warmupHours);
        double floor = levelKb * warm;
        double committed = floor;
        double file = 50 * KB_PER_MIB;
        double shmem = 0;
        double heap = 0;
        double onsetH = onsetMs < 0 ? 0 : (onsetMs - startMs) / 3_600_000.0;
        switch (seriesClass) {
            case LEAK_LINEAR, LEAK_GC_SAWTOOTH, LEAK_AFTER_WARMUP -> floor += leakKbPerHour * Math.max(0, h - onsetH);
            case LEAK_DAILY_CYCLE -> floor = floor * (1 + daily(h))
                    + leakKbPerHour * Math.max(0, h - onsetH);
            case DAILY_CYCLE -> floor = floor * (1 + daily(h));
            case LEAK_STEPWISE, ARENA_PLATEAU -> {
                for (int i = 0; i < steps.length && steps[i] <= h; i++) {
                    floor += stepKb[i];
                }
            }
            case CACHE_FILL -> floor += h > t0 ? capKb * (1 - Math.exp(-(h - t0) / tau)) : 0;
            case JVM_TO_XMX -> {
                double touched = capKb * (1 - 0.95 * Math.exp(-a / tau));
                floor = levelKb * 0.5 * warm + touched;
                committed = xmsEqualsXmx ? levelKb * 0.5 + capKb : levelKb * 0.5 * warm + Math.min(capKb, touched * 1.3);
                heap = 8 * KB_PER_MIB;
            }
            case PAGE_CACHE -> file += capKb * h;
            case SHMEM -> shmem = capKb * h;
            case LOAD_SPIKES -> {
                for (int i = 0; i < spikes.length; i += 5) {
                    floor += spikes[i + 1] * spike(h - spikes[i], spikes[i + 2], spikes[i + 3], spikes[i + 4]);
                }
            }
            case RESTARTS -> floor += capKb * (1 - Math.exp(-a / tau));
            default -> {
            }
        }
        if (seriesClass != SeriesClass.JVM_TO_XMX) {
            committed = floor;
            heap = floor * 0.6;
        }
        double anon = floor + Math.abs(r.nextGaussian()) * churn * levelKb;
        if (sawtooth) {
            double phase = (h / sawPeriodH) % 1.0;
            anon += sawAmpKb * phase;
            committed += sawAmpKb;
        }
        double vmData = committed * vmFactor + vmSlackKb;
        return new double[] {anon, vmData, heap, file, shmem};
    }

    /** The daily cycle; its amplitude drifts by ±20% over a week, so no two days are alike. */
    private double daily(double h) {
        return dailyAmp * (1 + 0.2 * Math.sin(2 * Math.PI * h / 168 + 3 * dailyPhase))
                * Math.sin(2 * Math.PI * h / 24 + dailyPhase);
    }

    private static double spike(double t, double rise, double hold, double decay) {
        if (t <= 0) {
            return 0;
        }
        if (t < rise) {
            return t / rise;
        }
        if (t < rise + hold) {
            return 1;
        }
        return Math.exp(-(t - rise - hold) / decay * 3);
    }

    private boolean inOutage(double h) {
        for (int i = 0; i < outages.length; i += 2) {
            if (h >= outages[i] && h < outages[i + 1]) {
                return true;
            }
        }
        return false;
    }

    private static long mix(long seed, int cls, int index) {
        long z = seed * 0x9E3779B97F4A7C15L + cls * 0xBF58476D1CE4E5B9L + index * 0x94D049BB133111EBL;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static long pick(SplittableRandom p, long[] values) {
        return values[p.nextInt(values.length)];
    }

    private static double uniform(SplittableRandom p, double lo, double hi) {
        return lo + (hi - lo) * p.nextDouble();
    }

    private static double logUniform(SplittableRandom p, double lo, double hi) {
        return Math.exp(uniform(p, Math.log(lo), Math.log(hi)));
    }
}
