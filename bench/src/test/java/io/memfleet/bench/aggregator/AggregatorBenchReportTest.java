package io.memfleet.bench.aggregator;

import static org.assertj.core.api.Assertions.assertThat;

import io.memfleet.bench.report.Table;

import org.junit.jupiter.api.Test;

class AggregatorBenchReportTest {

    private static AggregatorBenchReport report() {
        return new AggregatorBenchReport(new AggregatorBenchReport.Settings("nproc 2, Java 17", 200, 300, 6, 200, 3,
                "json", 12, 1, 1, "{}"));
    }

    @Test
    void shouldPrintRatesAndTheirRatioAgainstTheBaselineOfTheSameRun() {
        String text = report()
                .phase(new AggregatorBenchReport.Phase("later passes", 1_000, 1_000, 2_048, 100_000_000, 200_000_000,
                        1_000, 1_000_000_000, 1_000_000_000))
                .render();
        assertThat(text).contains("nproc 2, Java 17").contains("200 hosts x 300 processes x 6 passes");
        // raw: 1,000 in 0.1 s = 10,000/s; aggregator: 1,000 in 1 s = 1,000/s; 0.10x
        assertThat(text).contains("10,000").contains("1,000").contains("0.10x").contains("2.0 KiB");
        // per CPU second: raw 5,000, aggregator 1,000: 0.20x
        assertThat(text).contains("5,000").contains("0.20x");
    }

    @Test
    void shouldRateTheAggregatorOnTheSamplesItWasTimedOn() {
        // 1,000 samples on the topic, 600 still to fold when timing began, folded in 0.3 s: 2,000/s
        AggregatorBenchReport.Phase phase = new AggregatorBenchReport.Phase("later", 1_010, 1_000, 1, 100_000_000,
                100_000_000, 600, 300_000_000, 300_000_000);
        assertThat(phase.aggregatorRate()).isEqualTo(2_000, org.assertj.core.data.Offset.offset(0.001));
        assertThat(phase.rawRate()).isEqualTo(10_000, org.assertj.core.data.Offset.offset(0.001));
    }

    @Test
    void shouldPrintDashesForARangeTheAggregatorWasNotTimedOn() {
        String text = report()
                .phase(new AggregatorBenchReport.Phase("history", 10, 10, 10, 1_000_000, 1_000_000, 0, 0, 0))
                .render();
        assertThat(text.lines().filter(l -> l.startsWith("  history")).findFirst().orElseThrow()).contains(" - ");
    }

    @Test
    void shouldSayWhetherEachQueryMeetsTheP99Target() {
        long[] fast = new long[100];
        java.util.Arrays.fill(fast, 3_000_000);
        long[] slow = fast.clone();
        slow[0] = 80_000_000;
        slow[1] = 90_000_000;
        String text = report()
                .query(new HistoryLatency.Result("fast", 1000, "PT2M", 50_000, new Percentiles(fast)))
                .query(new HistoryLatency.Result("slow", 8000, "raw", 900_000, new Percentiles(slow)))
                .render();
        assertThat(text.lines().filter(l -> l.startsWith("  fast")).findFirst().orElseThrow())
                .contains("3.0").endsWith("yes");
        assertThat(text.lines().filter(l -> l.startsWith("  slow")).findFirst().orElseThrow())
                .contains("80.0").contains("90.0").endsWith("NO");
    }

    @Test
    void shouldStateTheCapacityWithItsAssumptions() {
        Capacity capacity = new Capacity(3_000, 300, 10, 0.5, 1_000_000, 1024.0 * 1024 * 1024 * 1024);
        String text = report().capacity(capacity, "later passes", 100_000, 1).render();
        assertThat(text).contains("hosts per instance, at 100%").contains("300 processes sampled every 10 s")
                .contains("2,000").contains("27.3 TiB").contains("4,008");
    }

    @Test
    void shouldAlignColumns() {
        String table = new Table("t", "a", "bb").row("long cell", "1").row("x", "12345").render();
        assertThat(table).isEqualTo("t\n  a             bb\n  ----------------\n  long cell      1\n  x          12345\n");
        assertThat(Table.bytes(1536)).isEqualTo("1.5 KiB");
        assertThat(Table.bytes(100)).isEqualTo("100 B");
        assertThat(Table.ratio(1, 0)).isEqualTo("n/a");
    }
}
