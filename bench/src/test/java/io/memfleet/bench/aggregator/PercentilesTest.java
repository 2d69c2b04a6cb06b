package io.memfleet.bench.aggregator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PercentilesTest {

    @Test
    void shouldTakeTheNearestRank() {
        long[] values = new long[100];
        for (int i = 0; i < 100; i++) {
            values[i] = 100 - i; // unsorted: 100 … 1
        }
        Percentiles p = new Percentiles(values);
        assertThat(p.at(50)).isEqualTo(50);
        assertThat(p.at(99)).isEqualTo(99);
        assertThat(p.at(100)).isEqualTo(100);
        assertThat(p.at(0.1)).isEqualTo(1);
        assertThat(p.max()).isEqualTo(100);
        assertThat(p.count()).isEqualTo(100);
    }

    @Test
    void shouldReportTheWorstOfFewValuesAsP99() {
        Percentiles p = new Percentiles(new long[] {5, 1, 3});
        assertThat(p.at(50)).isEqualTo(3);
        assertThat(p.at(99)).isEqualTo(5);
    }

    @Test
    void shouldShowSlowQueriesAtP99OnlyWhenMoreThanOnePercentAreSlow() {
        long[] values = new long[200];
        java.util.Arrays.fill(values, 10);
        values[7] = 1_000;
        values[8] = 1_000;
        assertThat(new Percentiles(values).at(99)).isEqualTo(10); // 2 of 200: exactly the slowest 1%
        values[9] = 1_000;
        assertThat(new Percentiles(values).at(99)).isEqualTo(1_000);
    }

    @Test
    void shouldNotBeChangedByChangesToTheArrayItCameFrom() {
        long[] values = {1, 2, 3};
        Percentiles p = new Percentiles(values);
        values[2] = 99;
        assertThat(p.max()).isEqualTo(3);
    }

    @Test
    void shouldRejectNoValuesAndPercentilesOutOfRange() {
        assertThatThrownBy(() -> new Percentiles(new long[0])).isInstanceOf(IllegalArgumentException.class);
        Percentiles p = new Percentiles(new long[] {1});
        assertThatThrownBy(() -> p.at(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> p.at(101)).isInstanceOf(IllegalArgumentException.class);
    }
}
