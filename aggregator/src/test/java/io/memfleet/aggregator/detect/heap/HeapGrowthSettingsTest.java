package io.memfleet.aggregator.detect.heap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class HeapGrowthSettingsTest {

    private static final HeapGrowthSettings D = HeapGrowthSettings.defaults();

    @Test
    void shouldHaveConsistentDefaults() {
        assertThat(D.buckets()).isEqualTo(144);
        assertThat(D.seasonBuckets()).isEqualTo(144);
    }

    @Test
    void shouldRejectAWindowThatIsNotWholeBuckets() {
        assertThatThrownBy(() -> new HeapGrowthSettings(Duration.ofMinutes(125), D.bucket(), Duration.ofMinutes(60),
                D.warmup(), D.minGrowthKb(), D.minRelativeGrowth(), D.significance(), D.saturationRatio(),
                Duration.ofMinutes(120), D.earlyEtaRatio(), D.minBucketFill(), D.vmDataGrowthRatio(), D.seasonPeriod(),
                Duration.ofMinutes(60), D.resolveSignificance(), D.resolveAfter(), D.criticalEta(), D.highEta(),
                D.mediumEta()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("window=PT2H5M");
    }

    @Test
    void shouldRejectATooLongRing() {
        assertThatThrownBy(() -> new HeapGrowthSettings(Duration.ofDays(30), Duration.ofMinutes(1), D.minWindow(),
                D.warmup(), D.minGrowthKb(), D.minRelativeGrowth(), D.significance(), D.saturationRatio(), D.sustain(),
                D.earlyEtaRatio(), D.minBucketFill(), D.vmDataGrowthRatio(), D.seasonPeriod(), D.resolveWindow(),
                D.resolveSignificance(), D.resolveAfter(), D.criticalEta(), D.highEta(), D.mediumEta()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be within 8..1024");
    }

    @Test
    void shouldReportEveryProblemAtOnce() {
        assertThatThrownBy(() -> new HeapGrowthSettings(D.window(), D.bucket(), D.minWindow(), D.warmup(), -1, -0.5,
                1.5, D.saturationRatio(), D.sustain(), D.earlyEtaRatio(), D.minBucketFill(), 2, D.seasonPeriod(),
                D.resolveWindow(), 0, D.resolveAfter(), Duration.ofDays(2), D.highEta(), D.mediumEta()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("minGrowthKb=-1")
                .hasMessageContaining("minRelativeGrowth=-0.5")
                .hasMessageContaining("significance=1.5")
                .hasMessageContaining("vmDataGrowthRatio=2.0")
                .hasMessageContaining("resolveSignificance=0.0")
                .hasMessageContaining("criticalEta=PT48H");
    }

    @Test
    void shouldRejectMissingDurations() {
        assertThatThrownBy(() -> new HeapGrowthSettings(null, D.bucket(), D.minWindow(), D.warmup(), D.minGrowthKb(),
                D.minRelativeGrowth(), D.significance(), D.saturationRatio(), D.sustain(), D.earlyEtaRatio(),
                D.minBucketFill(), D.vmDataGrowthRatio(), D.seasonPeriod(), D.resolveWindow(), D.resolveSignificance(),
                D.resolveAfter(), D.criticalEta(), D.highEta(), D.mediumEta()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("window=null");
    }
}
