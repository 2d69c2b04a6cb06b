package io.memfleet.aggregator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memfleet.aggregator.detect.heap.HeapGrowthSettings;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

/**
 * Any {@code detect.heap.window.ms} the docs allow (8 to 1024 whole buckets) is valid alone: the
 * keys that scale with it are derived when unset; set ones that contradict it are named.
 */
class HeapWindowConfigTest {

    private static AggregatorConfig config(String... keyValues) {
        Map<String, Object> settings = new HashMap<>();
        settings.put(AggregatorConfig.BOOTSTRAP_SERVERS, "localhost:9092");
        for (int i = 0; i < keyValues.length; i += 2) {
            settings.put(keyValues[i], keyValues[i + 1]);
        }
        return new AggregatorConfig(settings);
    }

    private static HeapGrowthSettings heap(String... keyValues) {
        return DetectorConfig.heap(config(keyValues));
    }

    @Test
    void shouldKeepTheDefaultsWhenNothingIsSet() {
        assertThat(heap()).isEqualTo(HeapGrowthSettings.defaults());
    }

    @Test
    void shouldDeriveTheDependentSettingsOfATwoHourWindow() {
        HeapGrowthSettings settings = heap(DetectorConfig.HEAP_WINDOW_MS, "7200000");

        assertThat(settings.window()).isEqualTo(Duration.ofHours(2));
        assertThat(settings.minWindow()).isEqualTo(Duration.ofHours(1)); // 6 buckets: more than window / 8
        assertThat(settings.sustain()).isEqualTo(Duration.ofMinutes(80));
        assertThat(settings.resolveWindow()).isEqualTo(Duration.ofHours(1));
        assertThat(settings.resolveAfter()).isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void shouldAcceptTheSmallestWindowAlone() {
        HeapGrowthSettings settings = heap(DetectorConfig.HEAP_WINDOW_MS, "4800000");

        assertThat(settings.buckets()).isEqualTo(8);
        assertThat(settings.minWindow()).isEqualTo(Duration.ofHours(1));
        assertThat(settings.sustain()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void shouldAcceptTheLargestWindowAlone() {
        HeapGrowthSettings settings = heap(DetectorConfig.HEAP_WINDOW_MS, "614400000");

        assertThat(settings.buckets()).isEqualTo(HeapGrowthSettings.MAX_BUCKETS);
        assertThat(settings.minWindow()).isEqualTo(Duration.ofMillis(614400000 / 8));
        assertThat(settings.sustain()).isEqualTo(Duration.ofMillis(614400000 / 3 * 2));
    }

    @Test
    void shouldAcceptAOneMinuteWindowOfOneSecondBuckets() {
        HeapGrowthSettings settings = heap(DetectorConfig.HEAP_WINDOW_MS, "60000", DetectorConfig.HEAP_BUCKET_MS, "1000");

        assertThat(settings.buckets()).isEqualTo(60);
        assertThat(settings.minWindow()).isEqualTo(Duration.ofMillis(7500));
    }

    @Test
    void shouldRefuseAWindowOneBucketTooShort() {
        assertThatThrownBy(() -> config(DetectorConfig.HEAP_WINDOW_MS, "4200000"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("detect.heap.window.ms=4200000 must be a whole number of detect.heap.bucket.ms=600000, "
                        + "8 to 1024 of them: 4800000 to 614400000 in steps of 600000");
    }

    @Test
    void shouldRefuseAWindowOneBucketTooLong() {
        assertThatThrownBy(() -> config(DetectorConfig.HEAP_WINDOW_MS, "615000000"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("detect.heap.window.ms=615000000");
    }

    @Test
    void shouldRefuseAWindowThatIsNotWholeBuckets() {
        assertThatThrownBy(() -> config(DetectorConfig.HEAP_WINDOW_MS, "7260000"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("detect.heap.window.ms=7260000")
                .hasMessageContaining("detect.heap.bucket.ms=600000");
    }

    @Test
    void shouldRefuseAMinWindowLongerThanTheWindow() {
        assertThatThrownBy(() -> config(DetectorConfig.HEAP_WINDOW_MS, "7200000", DetectorConfig.HEAP_MIN_WINDOW_MS,
                "10800000"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("detect.heap.min.window.ms=10800000 must be within 6 × detect.heap.bucket.ms (3600000) "
                        + "and detect.heap.window.ms (7200000)");
    }

    @Test
    void shouldRefuseAMinWindowShorterThanSixBuckets() {
        assertThatThrownBy(() -> config(DetectorConfig.HEAP_MIN_WINDOW_MS, "3000000"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("detect.heap.min.window.ms=3000000");
    }

    @Test
    void shouldRefuseASustainShorterThanTheDerivedMinWindow() {
        assertThatThrownBy(() -> config(DetectorConfig.HEAP_SUSTAIN_MS, "3600000"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("detect.heap.sustain.ms=3600000 must be within detect.heap.min.window.ms (10800000, "
                        + "derived from the window) and detect.heap.window.ms (86400000)");
    }

    @Test
    void shouldRefuseASustainLongerThanTheWindow() {
        assertThatThrownBy(() -> config(DetectorConfig.HEAP_WINDOW_MS, "7200000", DetectorConfig.HEAP_SUSTAIN_MS,
                "57600000"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("detect.heap.sustain.ms=57600000");
    }

    @Test
    void shouldDeriveSustainFromAnExplicitMinWindow() {
        HeapGrowthSettings settings = heap(DetectorConfig.HEAP_WINDOW_MS, "7200000", DetectorConfig.HEAP_MIN_WINDOW_MS,
                "6000000");

        assertThat(settings.sustain()).isEqualTo(Duration.ofMinutes(100));
    }

    @Test
    void shouldRefuseASeasonThatIsNotWholeBuckets() {
        assertThatThrownBy(() -> config(DetectorConfig.HEAP_SEASON_MS, "86400001"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("detect.heap.season.ms=86400001")
                .hasMessageContaining("detect.heap.bucket.ms=600000");
    }

    @Test
    void shouldRefuseSeveritiesOutOfOrder() {
        assertThatThrownBy(() -> config(DetectorConfig.HEAP_SEVERITY_CRITICAL_MS, "172800000"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("detect.heap.severity.critical.ms=172800000 <= detect.heap.severity.high.ms=86400000 "
                        + "<= detect.heap.severity.medium.ms=604800000 must hold");
    }

    @Test
    void shouldRefuseASignificanceOfOne() {
        assertThatThrownBy(() -> config(DetectorConfig.HEAP_SIGNIFICANCE, "1"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("Invalid value 1.0 for configuration detect.heap.significance");
    }

    @Test
    void shouldNameEveryConflictWithRealKeysOnly() {
        assertThatThrownBy(() -> config(DetectorConfig.HEAP_WINDOW_MS, "7200000", DetectorConfig.HEAP_MIN_WINDOW_MS,
                "10800000", DetectorConfig.HEAP_SEASON_MS, "1000", DetectorConfig.HEAP_SEVERITY_HIGH_MS, "1"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("3 problems")
                .hasMessageNotContaining("resolveWindow").hasMessageNotContaining("minWindow=")
                .hasMessageNotContaining("sustain=");
    }

    @Test
    void shouldNotCrossCheckTheSettingsOfADisabledDetector() {
        assertThat(config(DetectorConfig.HEAP_ENABLED, "false", DetectorConfig.HEAP_WINDOW_MS, "4200000").httpPort())
                .isEqualTo(8080);
    }
}
