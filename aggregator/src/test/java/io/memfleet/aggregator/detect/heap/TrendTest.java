package io.memfleet.aggregator.detect.heap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class TrendTest {

    @Test
    void shouldIgnoreOutliersInTheTheilSenSlope() {
        double[] t = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
        double[] y = {0, 2, 4, 6, 1000, 10, 12, -500, 16, 18};

        assertThat(Trend.theilSen(t, y, 0, t.length, Trend.scratchFor(t.length))).isCloseTo(2.0, within(1e-9));
    }

    @Test
    void shouldFindAMonotonicTrendSignificant() {
        double[] y = new double[30];
        for (int i = 0; i < y.length; i++) {
            y[i] = i + (i % 3);
        }
        Trend.MannKendall mk = Trend.mannKendall(y, 0, y.length);

        assertThat(mk.z()).isGreaterThan(5);
        assertThat(mk.p()).isLessThan(1e-6);
    }

    @Test
    void shouldFindNoTrendInAConstantSeries() {
        double[] y = new double[20];

        assertThat(Trend.mannKendall(y, 0, y.length).p()).isEqualTo(0.5);
    }

    @Test
    void shouldComputeTheNormalTail() {
        assertThat(Trend.upperTail(0)).isCloseTo(0.5, within(1e-7));
        assertThat(Trend.upperTail(1.959964)).isCloseTo(0.025, within(1e-6));
        assertThat(Trend.upperTail(-1.959964)).isCloseTo(0.975, within(1e-6));
    }

    @Test
    void shouldTakeTheMedianOfEvenAndOddCounts() {
        assertThat(Trend.median(new double[] {5, 1, 3}, 3)).isEqualTo(3);
        assertThat(Trend.median(new double[] {4, 1, 3, 2}, 4)).isEqualTo(2.5);
    }

    @Test
    void shouldLocateTheOnsetOfGrowth() {
        double[] t = new double[40];
        double[] y = new double[40];
        for (int i = 0; i < 40; i++) {
            t[i] = i;
            y[i] = i < 25 ? 100 : 100 + 10 * (i - 25);
        }

        assertThat(Hinge.onset(t, y, 40, 3)).isBetween(24, 26);
    }
}
