package io.memfleet.aggregator.detect.heap;

import static io.memfleet.aggregator.detect.heap.HeapSeries.GIB;
import static io.memfleet.aggregator.detect.heap.HeapSeries.MIB;
import static io.memfleet.aggregator.detect.heap.HeapSeries.jitter;
import static io.memfleet.aggregator.detect.heap.HeapSeries.sawtooth;
import static org.assertj.core.api.Assertions.assertThat;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memfleet.aggregator.codec.StateFormatException;
import io.memfleet.aggregator.detect.StateCodec;
import java.util.Arrays;
import java.util.Random;
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
    void shouldRoundTripThroughItsStoredFormWithinItsBound() {
        StateCodec<HeapGrowthState> codec = new HeapGrowthDetector().stateCodec();
        HeapSeries series = new HeapSeries().run(0, 30, 60, LEAK);
        assertThat(series.state.inEpisode()).isTrue();

        byte[] stored = codec.encode(series.state);
        HeapGrowthState back = codec.decode(stored);

        assertThat(back).isEqualTo(series.state);
        // Rewritten on every sample of every process: a fraction of the ~3 KB it took as JSON.
        assertThat(stored.length).isLessThan(800);
        // The restored state carries on exactly as the original would.
        HeapSeries resumed = new HeapSeries();
        resumed.state = back;
        resumed.run(30, 60, 60, LEAK);
        series.run(30, 60, 60, LEAK);
        assertThat(resumed.findings).isEqualTo(series.findings.subList(1, series.findings.size()));
        assertThat(resumed.state).isEqualTo(series.state);
    }

    @Test
    void shouldRoundTripTheInitialState() {
        HeapGrowthDetector detector = new HeapGrowthDetector();
        HeapGrowthState initial = detector.initial();

        assertThat(detector.stateCodec().decode(detector.stateCodec().encode(initial))).isEqualTo(initial);
    }

    @Test
    void shouldRefuseAStoredStateOfAnotherFormatNamingIt() {
        StateCodec<HeapGrowthState> codec = new HeapGrowthDetector().stateCodec();
        byte[] stored = codec.encode(new HeapSeries().run(0, 30, 60, LEAK).state);
        stored[0] = 4; // zig-zag 2

        assertThatThrownBy(() -> codec.decode(stored)).isInstanceOf(StateFormatException.class)
                .hasMessageContaining("heap growth state in format 2, but this aggregator reads only format 1");
    }

    @Test
    void shouldRefuseATruncatedOrGarbledStoredStateWithItsOwnException() {
        StateCodec<HeapGrowthState> codec = new HeapGrowthDetector().stateCodec();
        byte[] stored = codec.encode(new HeapSeries().run(0, 30, 60, LEAK).state);
        Random random = new Random(7);

        for (int length = 0; length < stored.length; length++) {
            byte[] truncated = Arrays.copyOf(stored, length);
            assertThatThrownBy(() -> codec.decode(truncated)).isInstanceOf(StateFormatException.class);
        }
        for (int i = 0; i < 2_000; i++) {
            byte[] garbled = stored.clone();
            garbled[random.nextInt(garbled.length)] = (byte) random.nextInt();
            try {
                codec.decode(garbled); // may still read as a (different) state: only the exception type matters
            } catch (RuntimeException e) {
                assertThat(e).isInstanceOf(StateFormatException.class);
            }
        }
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
