package io.memfleet.aggregator.detect.heap;

import static io.memfleet.aggregator.detect.heap.HeapSeries.GIB;
import static io.memfleet.aggregator.detect.heap.HeapSeries.MIB;
import static io.memfleet.aggregator.detect.heap.HeapSeries.jitter;
import static io.memfleet.aggregator.detect.heap.HeapSeries.sawtooth;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.memfleet.schema.codec.JsonCodec;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

class HeapGrowthStateTest {

    private static final DoubleUnaryOperator LEAK =
            h -> GIB + sawtooth(h, 256 * MIB, 5) + 5 * MIB * jitter(h) + (h > 2 ? 20 * MIB * (h - 2) : 0);

    @Test
    void shouldStayBoundedWhateverTheSeriesLength() {
        HeapSeries series = new HeapSeries().run(0, 6 * 24, 60, LEAK);

        assertThat(series.state.samples()).isEqualTo(6 * 24 * 60);
        assertThat(series.state.anonMinKb()).hasSize(144);
        assertThat(series.state.vmDataMinKb()).hasSize(144);
        assertThat(series.state.dayMinKb()).hasSize(HeapGrowthState.DAYS);
    }

    @Test
    void shouldRoundTripThroughJsonWithinItsBound() throws Exception {
        ObjectMapper mapper = JsonCodec.newMapper();
        HeapSeries series = new HeapSeries().run(0, 30, 60, LEAK);
        assertThat(series.state.inEpisode()).isTrue();

        String json = mapper.writeValueAsString(series.state);
        HeapGrowthState back = mapper.readValue(json, HeapGrowthState.class);

        assertThat(back).isEqualTo(series.state);
        assertThat(json.length()).isLessThan(4_000);
        // The restored state carries on exactly as the original would.
        HeapSeries resumed = new HeapSeries();
        resumed.state = back;
        resumed.run(30, 60, 60, LEAK);
        series.run(30, 60, 60, LEAK);
        assertThat(resumed.findings).isEqualTo(series.findings.subList(1, series.findings.size()));
        assertThat(resumed.state).isEqualTo(series.state);
    }

    @Test
    void shouldRoundTripTheInitialState() throws Exception {
        ObjectMapper mapper = JsonCodec.newMapper();
        HeapGrowthState initial = new HeapGrowthDetector().initial();

        assertThat(mapper.readValue(mapper.writeValueAsString(initial), HeapGrowthState.class)).isEqualTo(initial);
    }

    @Test
    void shouldGiveTheSameFindingsForTheSameSamples() {
        HeapSeries a = new HeapSeries().run(0, 72, 60, LEAK);
        HeapSeries b = new HeapSeries().run(0, 72, 60, LEAK);

        assertThat(a.findings).isNotEmpty().isEqualTo(b.findings);
        assertThat(a.findingTimes).isEqualTo(b.findingTimes);
        assertThat(a.state).isEqualTo(b.state);
    }

    @Test
    void shouldStartOverFromAStateOfOtherSettings() {
        HeapSeries series = new HeapSeries().run(0, 5, 60, LEAK);
        HeapGrowthSettings d = HeapGrowthSettings.defaults();
        HeapGrowthDetector hourly = new HeapGrowthDetector(new HeapGrowthSettings(d.window(),
                java.time.Duration.ofMinutes(30), d.minWindow(), d.warmup(), d.minGrowthKb(), d.minRelativeGrowth(),
                d.significance(), d.saturationRatio(), d.sustain(), d.earlyEtaRatio(), d.minBucketFill(),
                d.vmDataGrowthRatio(), d.seasonPeriod(), d.resolveWindow(), d.resolveSignificance(), d.resolveAfter(),
                d.criticalEta(), d.highEta(), d.mediumEta()));
        HeapSeries other = new HeapSeries(hourly);
        other.state = series.state;

        other.observe(series.state.lastAt() + 60_000, GIB);

        assertThat(other.state.anonMinKb()).hasSize(48);
        assertThat(other.state.samples()).isEqualTo(1);
    }
}
