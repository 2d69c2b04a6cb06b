package io.memfleet.aggregator.errors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memfleet.aggregator.AggregatorConfig;
import io.memfleet.schema.kafka.Topics;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The {@value AggregatorConfig#DEAD_LETTER_TOPIC} key: its default, and one test per kind of bad value. */
class DeadLetterTopicConfigTest {

    @Test
    void shouldDefaultToTheSamplesDeadLetterTopic() {
        assertThat(config(Map.of()).deadLetterTopic()).isEqualTo("memfleet.samples.dlq")
                .isEqualTo(Topics.SAMPLES_DEAD_LETTER);
    }

    @Test
    void shouldTakeAnotherLegalTopicName() {
        assertThat(config(Map.of(AggregatorConfig.DEAD_LETTER_TOPIC, "ops_bad-records.v2")).deadLetterTopic())
                .isEqualTo("ops_bad-records.v2");
    }

    @Test
    void shouldRejectTheSamplesTopicItself() {
        assertThatThrownBy(() -> config(Map.of(AggregatorConfig.DEAD_LETTER_TOPIC, Topics.SAMPLES)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("dead.letter.topic")
                .hasMessageContaining("must not be memfleet.samples");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "..", "has space", "slash/y", "ünïcode"})
    void shouldRejectANameKafkaWouldRefuse(String name) {
        assertThatThrownBy(() -> config(Map.of(AggregatorConfig.DEAD_LETTER_TOPIC, name)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("dead.letter.topic")
                .hasMessageContaining("must be a Kafka topic name");
    }

    @Test
    void shouldRejectANameLongerThanKafkaAllows() {
        assertThatThrownBy(() -> config(Map.of(AggregatorConfig.DEAD_LETTER_TOPIC, "x".repeat(250))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("dead.letter.topic");
        assertThat(config(Map.of(AggregatorConfig.DEAD_LETTER_TOPIC, "x".repeat(249))).deadLetterTopic()).hasSize(249);
    }

    private static AggregatorConfig config(Map<String, String> extra) {
        Map<String, Object> values = new java.util.HashMap<>(extra);
        values.put(AggregatorConfig.BOOTSTRAP_SERVERS, "localhost:9092");
        return new AggregatorConfig(values);
    }
}
