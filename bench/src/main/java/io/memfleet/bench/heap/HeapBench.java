package io.memfleet.bench.heap;

import io.memfleet.aggregator.detect.Finding;
import io.memfleet.aggregator.detect.Observation;
import io.memfleet.aggregator.detect.heap.HeapGrowthDetector;
import io.memfleet.aggregator.detect.heap.HeapGrowthSettings;
import io.memfleet.aggregator.detect.heap.HeapGrowthState;
import io.memfleet.schema.AnomalyStatus;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The HEAP_GROWTH corpus and evaluation harness: generates {@code perClass} labelled series of
 * every {@link SeriesClass} from a seed ({@link SimulatedProcess}), runs {@link HeapGrowthDetector}
 * over them exactly as the aggregator would (one state per process identity, {@code exited} on
 * exit), and scores it. A FIRING on a benign series, or on a leaking one before the leak began, is
 * a false alarm; a leaking series is detected when it gets a FIRING after onset (before its OOM
 * kill). Time-to-detect is from leak onset to that FIRING.
 *
 * <p>Run: {@code java -cp aggregator/target/classes:… io.memfleet.bench.heap.HeapBench
 * [seed] [seriesPerClass] [days] [--misses|--examples]}, or {@link #run} from code (the {@code memfleet bench detect}
 * command). Each series is independent, so they run in parallel and the result does not depend on it.
 */
public final class HeapBench {

    /** The seed the settings were tuned on. */
    public static final long TUNING_SEED = 20261130L;
    /** The held-out seed the report quotes (not 7: it was looked at while tuning, so it is tuning data too). */
    public static final long HELD_OUT_SEED = 424_242L;

    private HeapBench() {
    }

    /** The outcome of one series. */
    public record SeriesResult(SeriesClass seriesClass, int index, double processDays, int firings,
                               int falseFirings, long detectMs, boolean killedUndetected, String firstSummary,
                               String parameters) {
    }

    /** The scores of one class, or of all ("overall"). */
    public record Row(String name, int series, double processDays, int firings, int falseAlarms, int positives,
                      int detected, double precision, double recall, double falseAlarmsPer10kDays,
                      double medianDetectHours, double p90DetectHours) {
    }

    public record Report(long seed, int perClass, double days, List<Row> rows, List<SeriesResult> results) {

        public Row overall() {
            return rows.get(rows.size() - 1);
        }

        /** A fixed-width table, one row per class and one overall. */
        public String table() {
            StringBuilder b = new StringBuilder();
            b.append(String.format(Locale.ROOT, "HEAP_GROWTH corpus: seed %d, %d series per class, %.1f days each, 10 s samples%n",
                    seed, perClass, days));
            b.append(String.format(Locale.ROOT, "%-18s %6s %8s %7s %6s %9s %7s %9s %10s %9s %9s%n", "class", "series",
                    "proc-days", "firing", "false", "detected", "recall", "precision", "FA/10k d", "TTD p50", "TTD p90"));
            for (Row r : rows) {
                b.append(String.format(Locale.ROOT, "%-18s %6d %8.1f %7d %6d %9s %7s %9s %10s %9s %9s%n", r.name(),
                        r.series(), r.processDays(), r.firings(), r.falseAlarms(),
                        r.positives() == 0 ? "-" : r.detected() + "/" + r.positives(),
                        r.positives() == 0 ? "-" : pct(r.recall()),
                        Double.isNaN(r.precision()) ? "-" : pct(r.precision()),
                        Double.isNaN(r.falseAlarmsPer10kDays()) ? "-" : String.format(Locale.ROOT, "%.1f",
                                r.falseAlarmsPer10kDays()),
                        hours(r.medianDetectHours()), hours(r.p90DetectHours())));
            }
            return b.toString();
        }

        private static String pct(double v) {
            return String.format(Locale.ROOT, "%.3f", v);
        }

        private static String hours(double h) {
            return Double.isNaN(h) ? "-" : String.format(Locale.ROOT, "%.1f h", h);
        }
    }

    public static void main(String[] args) {
        long seed = args.length > 0 ? Long.parseLong(args[0]) : HELD_OUT_SEED;
        int perClass = args.length > 1 ? Integer.parseInt(args[1]) : 40;
        double days = args.length > 2 ? Double.parseDouble(args[2]) : 5;
        long began = System.nanoTime();
        Report report = run(seed, perClass, days, HeapGrowthSettings.defaults());
        System.out.print(report.table());
        System.out.printf(Locale.ROOT, "(%.1f s)%n", (System.nanoTime() - began) / 1e9);
        if (args.length > 3 && args[3].equals("--examples")) {
            java.util.Set<SeriesClass> shown = java.util.EnumSet.noneOf(SeriesClass.class);
            for (SeriesResult r : report.results()) {
                if (r.detectMs() >= 0 && r.falseFirings() == 0 && shown.add(r.seriesClass())) {
                    System.out.println(r.seriesClass() + ": " + r.firstSummary());
                }
            }
        }
        if (args.length > 3 && args[3].equals("--misses")) {
            for (SeriesResult r : report.results()) {
                if (r.falseFirings() > 0 || (r.seriesClass().leak() && r.detectMs() < 0)) {
                    System.out.println(r);
                }
            }
        }
    }

    public static Report run(long seed, int perClass, double days, HeapGrowthSettings settings) {
        HeapGrowthDetector detector = new HeapGrowthDetector(settings);
        SeriesClass[] classes = SeriesClass.values();
        long durationMs = (long) (days * 86_400_000L);
        SeriesResult[] results = new SeriesResult[classes.length * perClass];
        IntStream.range(0, results.length).parallel().forEach(i -> {
            SimulatedProcess process = new SimulatedProcess(seed, classes[i / perClass], i % perClass, durationMs);
            results[i] = evaluate(detector, process);
        });
        List<Row> rows = new ArrayList<>();
        Map<SeriesClass, List<SeriesResult>> byClass = new EnumMap<>(SeriesClass.class);
        for (SeriesResult r : results) {
            byClass.computeIfAbsent(r.seriesClass(), c -> new ArrayList<>()).add(r);
        }
        for (SeriesClass c : classes) {
            rows.add(row(c.name(), byClass.get(c)));
        }
        rows.add(row("OVERALL", Arrays.asList(results)));
        return new Report(seed, perClass, days, rows, List.of(results));
    }

    static SeriesResult evaluate(HeapGrowthDetector detector, SimulatedProcess process) {
        Map<Long, HeapGrowthState> states = new HashMap<>();
        List<Finding> findings = new ArrayList<>();
        int[] firings = {0, 0};
        long[] detectAt = {-1};
        String[] summary = {null};
        String[] falseFinding = {null};
        SimulatedProcess.Sink sink = new SimulatedProcess.Sink() {
            @Override
            public void sample(Observation o) {
                long key = ((long) o.pid() << 40) ^ o.startTime();
                HeapGrowthState before = states.getOrDefault(key, detector.initial());
                findings.clear();
                states.put(key, detector.observe(before, o, findings));
                for (Finding f : findings) {
                    if (f.status() == AnomalyStatus.FIRING) {
                        firings[0]++;
                        if (!process.leak() || o.at() < process.onsetMs) {
                            firings[1]++;
                            if (falseFinding[0] == null) {
                                falseFinding[0] = String.format(Locale.ROOT, "%.1f h: %s %s %s",
                                        (o.at() - process.startMs) / 3_600_000.0, f.severity(), f.summary(), f.evidence());
                            }
                        } else if (detectAt[0] < 0) {
                            detectAt[0] = o.at();
                            summary[0] = f.severity() + ": " + f.summary();
                        }
                    }
                }
            }

            @Override
            public void exit(int pid, long startTime, long at) {
                HeapGrowthState state = states.remove(((long) pid << 40) ^ startTime);
                if (state != null) {
                    findings.clear();
                    detector.exited(state, at, findings);
                }
            }
        };
        long observedMs = process.play(sink);
        boolean killed = observedMs < process.durationMs;
        long detectMs = detectAt[0] < 0 ? -1 : detectAt[0] - process.onsetMs;
        return new SeriesResult(process.seriesClass, process.index, observedMs / 86_400_000.0, firings[0], firings[1],
                detectMs, killed && detectMs < 0, falseFinding[0] != null ? falseFinding[0] : summary[0],
                process.describe());
    }

    private static Row row(String name, List<SeriesResult> rs) {
        int firings = 0;
        int falseAlarms = 0;
        int positives = 0;
        int detected = 0;
        double days = 0;
        double benignDays = 0;
        int benignAlarms = 0;
        List<Double> ttd = new ArrayList<>();
        for (SeriesResult r : rs) {
            firings += r.firings();
            falseAlarms += r.falseFirings();
            days += r.processDays();
            if (r.seriesClass().leak()) {
                positives++;
                if (r.detectMs() >= 0) {
                    detected++;
                    ttd.add(r.detectMs() / 3_600_000.0);
                }
            } else {
                benignDays += r.processDays();
                benignAlarms += r.falseFirings();
            }
        }
        double precision = detected + falseAlarms == 0 ? Double.NaN : detected / (double) (detected + falseAlarms);
        double recall = positives == 0 ? Double.NaN : detected / (double) positives;
        double faRate = benignDays == 0 ? Double.NaN : benignAlarms / benignDays * 10_000;
        ttd.sort(null);
        return new Row(name, rs.size(), days, firings, falseAlarms, positives, detected, precision, recall, faRate,
                quantile(ttd, 0.5), quantile(ttd, 0.9));
    }

    private static double quantile(List<Double> sorted, double q) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        return sorted.get((int) Math.min(sorted.size() - 1, Math.floor(q * sorted.size())));
    }
}
