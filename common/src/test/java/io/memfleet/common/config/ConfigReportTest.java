package io.memfleet.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

/** Every problem of a configuration in one error, each naming its key. */
class ConfigReportTest {

    private static final ConfigKeys KEYS = new ConfigKeys(new ConfigDef()
            .define("port", Type.INT, 80, ConfigDef.Range.between(0, 65535), Importance.HIGH, "A port.")
            .define("retention.ms", Type.LONG, 60_000L, ConfigDef.Range.atLeast(0), Importance.HIGH, "Retention.")
            .define("servers", Type.LIST, ConfigDef.NO_DEFAULT_VALUE, Importance.HIGH, "Servers."),
            "kafka.", "Passed to Kafka.");

    @Test
    void shouldAcceptAGoodConfigurationAndPassThroughKeys() {
        ConfigReport report = ConfigReport.of(KEYS, Map.of("servers", "a:1", "port", 8080, "kafka.acks", "all"));

        assertThatCode(report::throwIfAny).doesNotThrowAnyException();
        assertThat(report.value("port")).isEqualTo(8080);
        assertThat(report.isSet("retention.ms")).isFalse();
    }

    @Test
    void shouldReportOneProblemAsOneLine() {
        assertThatThrownBy(() -> ConfigReport.of(KEYS, Map.of("servers", "a:1", "port", "http")).throwIfAny())
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value http for configuration port: Not a number of type INT");
    }

    @Test
    void shouldReportEveryBadValueUnknownKeyAndConflictAtOnce() {
        ConfigReport report = ConfigReport.of(KEYS, Map.of("servers", "a:1", "port", "70000", "retention.ms", "-1",
                "retension.ms", "5"));
        report.conflict("servers=a:1 conflicts with something");

        assertThat(report.isValid("port")).isFalse();
        assertThat(report.isValid("servers")).isTrue();
        assertThatThrownBy(report::throwIfAny).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("4 problems:")
                .hasMessageContaining("Invalid value 70000 for configuration port")
                .hasMessageContaining("Invalid value -1 for configuration retention.ms")
                .hasMessageContaining("unknown configuration key retension.ms (did you mean retention.ms?)")
                .hasMessageContaining("servers=a:1 conflicts with something");
    }

    @Test
    void shouldNameAMissingRequiredKey() {
        assertThatThrownBy(() -> ConfigReport.of(KEYS, Map.of()).throwIfAny())
                .isInstanceOf(ConfigException.class).hasMessageContaining("servers");
    }

    @Test
    void shouldPointAtThePassThroughPrefixWhenNoKeyIsClose() {
        assertThatThrownBy(() -> ConfigReport.of(KEYS, Map.of("servers", "a:1", "security.protocol", "SSL"))
                .throwIfAny())
                .isInstanceOf(ConfigException.class)
                .hasMessage("unknown configuration key security.protocol (keys under kafka.* go to the Kafka client)");
    }

    @Test
    void shouldMeasureTyposInEdits() {
        assertThat(ClosestKey.distance("interval.ms", "intervall.ms")).isEqualTo(1);
        assertThat(ClosestKey.distance("", "abc")).isEqualTo(3);
    }
}
