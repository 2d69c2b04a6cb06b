package io.memfleet.broker;

import kafka.server.KafkaConfig;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EmbeddedKafkaBrokerTest {

    private final Map<String, String> settings =
            EmbeddedKafkaBroker.settings(Path.of("/tmp/kafka-data"), 9092, 9093, 0, Duration.ofSeconds(30));
    private final Map<String, String> saslSettings =
            EmbeddedKafkaBroker.settings(Path.of("/tmp/kafka-data"), 9092, 9093, 9094, Duration.ofSeconds(30));

    @Test
    void shouldOnlyUseSettingsKafkaKnows() {
        // Kafka only warns about an unknown key, so a misspelt setting would silently do nothing.
        assertThat(scala.jdk.javaapi.CollectionConverters.asJava(KafkaConfig.configNames()))
                .containsAll(settings.keySet());
    }

    @Test
    void shouldBeAcceptedByKafkaConfig() {
        KafkaConfig config = new KafkaConfig(settings, false);

        assertThat(config.getBoolean("auto.create.topics.enable")).isFalse();
        assertThat(config.getInt("min.insync.replicas")).isEqualTo(1);
    }

    @Test
    void shouldListenOnLoopbackOnly() {
        assertThat(settings.get("listeners")).isEqualTo("BROKER://127.0.0.1:9092,CONTROLLER://127.0.0.1:9093");
        assertThat(settings.get("advertised.listeners")).isEqualTo("BROKER://127.0.0.1:9092");
        assertThat(settings.get("controller.quorum.voters")).isEqualTo("1@127.0.0.1:9093");
    }

    @Test
    void shouldAddAScramListenerOnlyWhenAsked() {
        assertThat(settings).doesNotContainKey("sasl.enabled.mechanisms");
        assertThat(saslSettings.get("listeners"))
                .isEqualTo("BROKER://127.0.0.1:9092,CONTROLLER://127.0.0.1:9093,SASL://127.0.0.1:9094");
        assertThat(saslSettings.get("advertised.listeners")).isEqualTo("BROKER://127.0.0.1:9092,SASL://127.0.0.1:9094");
        assertThat(saslSettings.get("listener.security.protocol.map")).endsWith(",SASL:SASL_PLAINTEXT");
        assertThat(saslSettings).containsEntry("sasl.enabled.mechanisms", "SCRAM-SHA-512");
        // Listener-prefixed keys are not in configNames(); the part after the prefix must be.
        assertThat(scala.jdk.javaapi.CollectionConverters.asJava(KafkaConfig.configNames()))
                .containsAll(saslSettings.keySet().stream()
                        .map(key -> key.replaceFirst("^listener\\.name\\.sasl\\.scram-sha-512\\.", "")).toList());
        assertThat(new KafkaConfig(saslSettings, false).getList("sasl.enabled.mechanisms"))
                .containsExactly("SCRAM-SHA-512");
    }

    @Test
    void shouldRejectAScramPasswordItCannotQuote() {
        assertThatThrownBy(() -> EmbeddedKafkaBroker.Options.defaults().withScramUser("alice", "a\"b"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("password");
    }

    @Test
    void shouldRunSingleReplicaTransactions() {
        assertThat(settings).containsEntry("transaction.state.log.replication.factor", "1")
                .containsEntry("transaction.state.log.min.isr", "1")
                .containsEntry("offsets.topic.replication.factor", "1")
                .containsEntry("server.max.startup.time.ms", "30000");
    }

    @Test
    void shouldRejectPortOutOfRange() {
        assertThatThrownBy(() -> EmbeddedKafkaBroker.Options.defaults().withBrokerPort(70000))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("70000");
    }

    @Test
    void shouldRejectNonPositiveStartTimeout() {
        assertThatThrownBy(() -> EmbeddedKafkaBroker.Options.defaults().withStartTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("start timeout");
    }
}
