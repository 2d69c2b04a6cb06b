package io.memfleet.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.junit.jupiter.api.Test;

/** The Markdown table and the --help footer say what the ConfigDef says. */
class ConfigDocsTest {

    private static final ConfigKeys KEYS = new ConfigKeys(new ConfigDef()
            .define("interval.ms", Type.LONG, 86_400_000L, ConfigDef.Range.atLeast(1000), Importance.HIGH,
                    "How often, 100% of the time.")
            .define("names", Type.LIST, "", Validators.described("regular expressions", (n, v) -> { }),
                    Importance.LOW, "Names a|b.")
            .define("servers", Type.LIST, ConfigDef.NO_DEFAULT_VALUE, Importance.HIGH, "Servers.")
            .define("derived.ms", Type.LONG, null, Validators.optional(ConfigDef.Range.atLeast(1)), Importance.LOW,
                    "Derived.", null, -1, ConfigDef.Width.NONE, "derived.ms", List.of(), null, "interval / 8"),
            "kafka.", "Passed to Kafka.");

    @Test
    void shouldRenderOneRowPerKeyAndOneForThePassThroughPrefix() {
        assertThat(ConfigDocs.markdownTable(KEYS)).isEqualTo("""
                | key | type | default | valid values | meaning |
                | --- | --- | --- | --- | --- |
                | `interval.ms` | long | `86400000` (24 h) | [1000,...] | How often, 100% of the time. |
                | `names` | list | empty | regular expressions | Names a\\|b. |
                | `servers` | list | required |  | Servers. |
                | `derived.ms` | long | interval / 8 | [1,...] or unset | Derived. |
                | `kafka.*` | | | | Passed to Kafka. |
                """);
    }

    @Test
    void shouldListEveryKeyInTheHelpFooterWithPercentEscapedForPicocli() {
        String footer = String.join("\n", ConfigDocs.helpFooter(KEYS, "Keys:"));

        assertThat(footer).contains("  interval.ms (long, default 86400000 (24 h), [1000,...])")
                .contains("How often, 100%% of the time.").contains("  servers (list, required)")
                .contains("  derived.ms (long, default interval / 8, [1,...] or unset)").contains("  kafka.*");
    }

    @Test
    void shouldRefuseAValidatorThatCannotSayWhatItAccepts() {
        ConfigKeys undescribed = new ConfigKeys(new ConfigDef().define("x", Type.STRING, "", (n, v) -> { },
                Importance.LOW, "X."), "kafka.", "K.");

        assertThatThrownBy(() -> ConfigDocs.markdownTable(undescribed)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("the validator of x");
    }
}
