package io.memfleet.bench.aggregator;

import io.memfleet.bench.report.Table;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a {@link Soak} saw, and its verdict. The second half of the run is judged, the first being
 * warm-up (JIT, caches, RocksDB memtables filling):
 *
 * <ul>
 *   <li>lag bounded: at most {@link #LAG_BOUND_SECONDS} of input behind, and its trend (least squares)
 *       over the second half adds up to at most {@link #LAG_GROWTH_PASSES} passes of records;</li>
 *   <li>heap flat: the lowest heap after GC in the last third of the second half is at most
 *       {@link #HEAP_GROWTH_FRACTION} (or {@link #HEAP_GROWTH_FLOOR_BYTES}) above the lowest in its first
 *       third; the lowest, because a reading can catch a burst allocated right after the GC;</li>
 *   <li>every sample accounted for: each host's last seq is the last sent, 0 lost, 0 folded twice.</li>
 * </ul>
 */
record SoakReport(Soak.Settings settings, List<Soak.Point> points, int passes, long samples, double sendingSeconds,
                  Duration drain, Accounting accounting) {

    static final double LAG_BOUND_SECONDS = 15;
    static final double LAG_GROWTH_PASSES = 3;
    static final double HEAP_GROWTH_FRACTION = 0.10;
    static final long HEAP_GROWTH_FLOOR_BYTES = 16L * 1024 * 1024;

    /** Hosts as the aggregator's API lists them after the drain. */
    record Accounting(int hosts, int complete, long expectedLastSeq, long samplesLost, long duplicates,
                      List<String> wrong) {
    }

    /** Records (samples and heartbeats) a second the fleet sent. */
    double recordsPerSecond() {
        return settings.hosts() * (settings.processes() + 1.0) * 1000 / settings.intervalMs();
    }

    double samplesPerSecond() {
        return samples / sendingSeconds;
    }

    List<Soak.Point> secondHalf() {
        double half = sendingSeconds / 2;
        return points.stream().filter(p -> p.seconds() >= half).toList();
    }

    long maxLag() {
        return points.stream().mapToLong(Soak.Point::lag).max().orElse(0);
    }

    long maxLagSecondHalf() {
        return secondHalf().stream().mapToLong(Soak.Point::lag).max().orElse(0);
    }

    /** Records per second the lag grew by over the second half (least squares); negative when it shrank. */
    double lagSlope() {
        return slope(secondHalf(), true);
    }

    double secondHalfSeconds() {
        List<Soak.Point> half = secondHalf();
        return half.size() < 2 ? 0 : half.get(half.size() - 1).seconds() - half.get(0).seconds();
    }

    /** The lowest heap after GC in the first third of the second half. */
    long heapAtWarm() {
        List<Soak.Point> half = secondHalf();
        return half.subList(0, Math.max(1, half.size() / 3)).stream().mapToLong(Soak.Point::heapAfterGc).min()
                .orElse(0);
    }

    /** The lowest heap after GC in the last third of the second half. */
    long heapAtEnd() {
        List<Soak.Point> half = secondHalf();
        return half.subList(half.size() - Math.max(1, half.size() / 3), half.size()).stream()
                .mapToLong(Soak.Point::heapAfterGc).min().orElse(0);
    }

    /** What failed; empty when the soak passed. */
    List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (secondHalf().size() < 3) {
            problems.add("fewer than 3 observations in the second half: run longer or sample more often");
            return problems;
        }
        double lagBound = LAG_BOUND_SECONDS * recordsPerSecond();
        if (maxLagSecondHalf() > lagBound) {
            problems.add(String.format(Locale.ROOT, "lag reached %,d records in the second half, more than %.0f s of "
                    + "input (%,.0f records)", maxLagSecondHalf(), LAG_BOUND_SECONDS, lagBound));
        }
        double passRecords = settings.hosts() * (settings.processes() + 1.0);
        double lagGrowth = lagSlope() * secondHalfSeconds();
        if (lagGrowth > LAG_GROWTH_PASSES * passRecords) {
            problems.add(String.format(Locale.ROOT, "lag grew by %,.0f records over the second half (%.1f records/s), "
                    + "more than %.0f passes (%,.0f records): the aggregator does not keep up", lagGrowth, lagSlope(),
                    LAG_GROWTH_PASSES, LAG_GROWTH_PASSES * passRecords));
        }
        double heapGrowth = heapAtEnd() - heapAtWarm();
        double heapAllowed = Math.max(HEAP_GROWTH_FLOOR_BYTES, HEAP_GROWTH_FRACTION * heapAtWarm());
        if (heapGrowth > heapAllowed) {
            problems.add(String.format(Locale.ROOT, "heap after GC grew by %s over the second half, more than %s",
                    Table.bytes(heapGrowth), Table.bytes(heapAllowed)));
        }
        if (accounting.complete() != accounting.hosts() || accounting.samplesLost() != 0
                || accounting.duplicates() != 0) {
            problems.add(String.format(Locale.ROOT, "not every sample accounted for: %d of %d hosts at their last seq "
                    + "%d, %d lost, %d folded twice %s", accounting.complete(), accounting.hosts(),
                    accounting.expectedLastSeq(), accounting.samplesLost(), accounting.duplicates(), accounting.wrong()));
        }
        return problems;
    }

    String render() {
        Table table = new Table(String.format(Locale.ROOT, "soak: %d hosts x %d processes (%d mappings, %.0f%% of "
                        + "later samples with a changed list), a pass every %d ms (%.0fx a 10 s interval), %.0f s",
                settings.hosts(), settings.processes(), settings.mappings(), settings.changeFraction() * 100,
                settings.intervalMs(), settings.speedup(), sendingSeconds), "figure", "measured", "bound");
        double passRecords = settings.hosts() * (settings.processes() + 1.0);
        table.row("samples sent", Table.count(samples) + " in " + passes + " passes", "");
        table.row("samples/s (records/s)", Table.rate(samplesPerSecond()) + " (" + Table.rate(recordsPerSecond()) + ")",
                "");
        table.row("max lag, whole run", Table.count(maxLag()) + " records (" + seconds(maxLag()) + ")", "");
        table.row("max lag, second half", Table.count(maxLagSecondHalf()) + " records (" + seconds(maxLagSecondHalf())
                + ")", String.format(Locale.ROOT, "<= %.0f s of input", LAG_BOUND_SECONDS));
        table.row("lag trend, second half", String.format(Locale.ROOT, "%+.1f records/s", lagSlope()),
                String.format(Locale.ROOT, "<= %,.0f records over it", LAG_GROWTH_PASSES * passRecords));
        table.row("heap after GC (low), warm -> end", Table.mib(heapAtWarm()) + " -> " + Table.mib(heapAtEnd()),
                String.format(Locale.ROOT, "growth <= max(%.0f%%, %s)", HEAP_GROWTH_FRACTION * 100,
                        Table.bytes(HEAP_GROWTH_FLOOR_BYTES)));
        table.row("heap after GC, highest reading", Table.mib(points.stream().mapToLong(Soak.Point::heapAfterGc).max()
                .orElse(0)), "");
        table.row("drained after the last pass", String.format(Locale.ROOT, "%.1f s", drain.toMillis() / 1000.0), "");
        table.row("hosts at their last seq", accounting.complete() + " of " + accounting.hosts(), "all");
        table.row("samples lost / folded twice", accounting.samplesLost() + " / " + accounting.duplicates(), "0 / 0");
        List<String> problems = problems();
        return table.render() + (problems.isEmpty() ? "  verdict: PASS\n" : "  verdict: FAIL\n    "
                + String.join("\n    ", problems) + "\n");
    }

    private String seconds(long lag) {
        return String.format(Locale.ROOT, "%.1f s of input", lag / recordsPerSecond());
    }

    private static double slope(List<Soak.Point> points, boolean lag) {
        int n = points.size();
        if (n < 2) {
            return 0;
        }
        double sx = 0;
        double sy = 0;
        for (Soak.Point p : points) {
            sx += p.seconds();
            sy += lag ? p.lag() : p.heapAfterGc();
        }
        double mx = sx / n;
        double my = sy / n;
        double num = 0;
        double den = 0;
        for (Soak.Point p : points) {
            double dx = p.seconds() - mx;
            num += dx * ((lag ? p.lag() : p.heapAfterGc()) - my);
            den += dx * dx;
        }
        return den == 0 ? 0 : num / den;
    }
}
