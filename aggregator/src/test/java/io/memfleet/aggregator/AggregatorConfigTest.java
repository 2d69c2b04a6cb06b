package io.memfleet.aggregator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

/** Bad values stop the aggregator at start with a message that names the key. */
class AggregatorConfigTest {

    private static AggregatorConfig config(String... keyValues) {
        Map<String, Object> settings = new HashMap<>();
        settings.put(AggregatorConfig.BOOTSTRAP_SERVERS, "localhost:9092");
        for (int i = 0; i < keyValues.length; i += 2) {
            settings.put(keyValues[i], keyValues[i + 1]);
        }
        return new AggregatorConfig(settings);
    }

    @Test
    void shouldRunBothDetectorsByDefault() {
        assertThat(Detectors.configured(config()).isEmpty()).isFalse();
        assertThat(Detectors.configured(config(DetectorConfig.HEAP_ENABLED, "false", DetectorConfig.EXEC_ENABLED,
                "false")).isEmpty()).isTrue();
    }

    @Test
    void shouldNameAnUnknownKey() {
        assertThatThrownBy(() -> config("detect.heap.windw.ms", "1"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("detect.heap.windw.ms");
    }

    @Test
    void shouldNameABadValue() {
        assertThatThrownBy(() -> config(DetectorConfig.HEAP_SIGNIFICANCE, "2"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("Invalid value 2.0 for configuration detect.heap.significance");
        assertThatThrownBy(() -> config(DetectorConfig.EXEC_ALLOW_PATHS, "^/opt/(x"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("detect.exec.allow.paths")
                .hasMessageContaining("not a regular expression");
    }

    @Test
    void shouldNameKeysThatContradictEachOther() {
        AggregatorConfig config = config(DetectorConfig.HEAP_WINDOW_MS, "60000", DetectorConfig.HEAP_MIN_WINDOW_MS,
                "3600000");
        assertThatThrownBy(() -> Detectors.configured(config)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("detect.heap");
        assertThatThrownBy(() -> config(AggregatorConfig.HISTORY_RAW_RETENTION_MS, "86400000",
                AggregatorConfig.HISTORY_ROLLUP_RETENTION_MS, "3600000").history())
                .isInstanceOf(ConfigException.class).hasMessageContaining(AggregatorConfig.HISTORY_ROLLUP_RETENTION_MS);
    }
}
