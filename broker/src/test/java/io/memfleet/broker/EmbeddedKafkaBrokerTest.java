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
            EmbeddedKafkaBroker.settings(Path.of("/tmp/kafka-data"), 9092, 9093, Duration.ofSeconds(30));

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
