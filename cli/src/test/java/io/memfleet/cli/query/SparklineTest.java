package io.memfleet.cli.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SparklineTest {

    @Test
    void shouldDrawLowestToHighest() {
        assertThat(Sparkline.render(List.of(0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0), 60, true)).isEqualTo("▁▂▃▄▅▆▇█");
        assertThat(Sparkline.render(List.of(10.0, 20.0, 10.0), 60, true)).isEqualTo("▁█▁");
    }

    @Test
    void shouldLeaveGapsForMissingValues() {
        assertThat(Sparkline.render(Arrays.asList(1.0, null, 3.0), 60, true)).isEqualTo("▁ █");
    }

    @Test
    void shouldDrawAFlatSeriesAtMidHeight() {
        assertThat(Sparkline.render(List.of(5.0, 5.0, 5.0), 60, true)).isEqualTo("▄▄▄");
    }

    @Test
    void shouldFallBackToAsciiWhenAsked() {
        assertThat(Sparkline.render(List.of(0.0, 7.0, 5.0, 5.0), 60, false)).isEqualTo("_@**");
    }

    @Test
    void shouldShrinkALongSeriesToTheWidthByAveraging() {
        List<Double> values = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            values.add((double) i);
        }
        String line = Sparkline.render(values, 50, true);

        assertThat(line).hasSize(50).startsWith("▁").endsWith("█");
        assertThat(Sparkline.shrink(List.of(1.0, 3.0, 5.0, 7.0), 2)).containsExactly(2.0, 6.0);
        assertThat(Sparkline.shrink(Arrays.asList(null, null, 5.0, 7.0), 2)).containsExactly(null, 6.0);
    }

    @Test
    void shouldDrawNothingForNoValues() {
        assertThat(Sparkline.render(List.of(), 60, true)).isEmpty();
    }
}
