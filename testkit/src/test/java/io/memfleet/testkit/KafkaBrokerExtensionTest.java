package io.memfleet.testkit;

import io.memfleet.testkit.KafkaBrokerExtension.Source;
import org.junit.jupiter.api.Test;

import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KafkaBrokerExtensionTest {

    private static final BooleanSupplier DOCKER = () -> true;
    private static final BooleanSupplier NO_DOCKER = () -> false;
    private static final BooleanSupplier MUST_NOT_ASK = () -> {
        throw new AssertionError("Docker must not be probed");
    };

    @Test
    void shouldUseExternalClusterWhenBootstrapServersAreSet() {
        assertThat(KafkaBrokerExtension.choose("kafka:9092", null, MUST_NOT_ASK)).isEqualTo(Source.EXTERNAL);
    }

    @Test
    void shouldUseContainerWhenDockerIsAvailable() {
        assertThat(KafkaBrokerExtension.choose(null, null, DOCKER)).isEqualTo(Source.CONTAINER);
    }

    @Test
    void shouldFallBackToEmbeddedWithoutDocker() {
        assertThat(KafkaBrokerExtension.choose(" ", "", NO_DOCKER)).isEqualTo(Source.EMBEDDED);
    }

    @Test
    void shouldForceEmbeddedOverEverythingElse() {
        assertThat(KafkaBrokerExtension.choose("kafka:9092", "embedded", MUST_NOT_ASK)).isEqualTo(Source.EMBEDDED);
    }

    @Test
    void shouldRejectUnknownBrokerProperty() {
        assertThatThrownBy(() -> KafkaBrokerExtension.choose(null, "docker", DOCKER))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("memfleet.test.broker=docker");
    }
}
