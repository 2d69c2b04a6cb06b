package io.memfleet.testkit;

import io.memfleet.broker.EmbeddedKafkaBroker;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import java.util.function.BooleanSupplier;

/**
 * Injects a {@link TestKafka} into test constructors and methods. The first test that asks starts
 * the cluster; every later test class in the JVM gets the same one, and it is closed when the whole
 * test run ends (it lives in the root context's store, which closes {@link AutoCloseable} values).
 *
 * <p>Which cluster, in order:
 * <ol>
 *   <li>system property {@code memfleet.test.broker=embedded}: the in-JVM {@link EmbeddedKafkaBroker};</li>
 *   <li>env {@code KAFKA_BOOTSTRAP_SERVERS}: that cluster, as is (never stopped or cleaned);</li>
 *   <li>a usable Docker: a Testcontainers {@code apache/kafka} container of the client's version;</li>
 *   <li>otherwise the embedded broker.</li>
 * </ol>
 */
public final class KafkaBrokerExtension implements ParameterResolver {

    static final String BOOTSTRAP_ENV = "KAFKA_BOOTSTRAP_SERVERS";
    static final String BROKER_PROPERTY = "memfleet.test.broker";

    private static final Logger log = LoggerFactory.getLogger(KafkaBrokerExtension.class);
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(KafkaBrokerExtension.class);

    enum Source { EXTERNAL, CONTAINER, EMBEDDED }

    /** The cluster and how to stop it at the end of the run. */
    private record SharedKafka(TestKafka kafka, Runnable stopBroker) implements AutoCloseable {
        @Override
        public void close() {
            kafka.closeAdmin();
            stopBroker.run();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == TestKafka.class;
    }

    @Override
    public TestKafka resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(SharedKafka.class, key -> startShared(), SharedKafka.class)
                .kafka();
    }

    /** Pure so it can be unit tested; {@code dockerAvailable} is only asked when it decides. */
    static Source choose(String bootstrapEnv, String brokerProperty, BooleanSupplier dockerAvailable) {
        if (brokerProperty != null && !brokerProperty.isBlank()) {
            if (!brokerProperty.equals("embedded")) {
                throw new IllegalArgumentException(BROKER_PROPERTY + "=" + brokerProperty
                        + " is not supported: use 'embedded' or leave it unset");
            }
            return Source.EMBEDDED;
        }
        if (bootstrapEnv != null && !bootstrapEnv.isBlank()) {
            return Source.EXTERNAL;
        }
        return dockerAvailable.getAsBoolean() ? Source.CONTAINER : Source.EMBEDDED;
    }

    private static SharedKafka startShared() {
        String bootstrapEnv = System.getenv(BOOTSTRAP_ENV);
        String brokerProperty = System.getProperty(BROKER_PROPERTY);
        Source source = choose(bootstrapEnv, brokerProperty, () -> DockerClientFactory.instance().isDockerAvailable());
        SharedKafka shared = switch (source) {
            case EXTERNAL -> new SharedKafka(
                    new TestKafka(bootstrapEnv, "external cluster " + BOOTSTRAP_ENV + "=" + bootstrapEnv, null),
                    () -> { });  // not ours to stop
            case CONTAINER -> startContainer();
            case EMBEDDED -> {
                EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start();
                String why = "embedded".equals(brokerProperty) ? BROKER_PROPERTY + "=embedded"
                        : "no " + BOOTSTRAP_ENV + " and no usable Docker";
                yield new SharedKafka(new TestKafka(broker.bootstrapServers(),
                        "embedded broker at " + broker.bootstrapServers() + " (" + why + ")", broker), broker::close);
            }
        };
        log.info("Kafka for tests: {}", shared.kafka());
        return shared;
    }

    private static SharedKafka startContainer() {
        String image = containerImage();
        // Same behaviour as the embedded broker; the container already sets single-replica internal topics.
        KafkaContainer container = new KafkaContainer(image)
                .withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false")
                .withEnv("KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR", "1")
                .withEnv("KAFKA_SHARE_COORDINATOR_STATE_TOPIC_MIN_ISR", "1");
        container.start();
        String bootstrap = container.getBootstrapServers();
        return new SharedKafka(new TestKafka(bootstrap, "Testcontainers " + image + " at " + bootstrap, null), container::stop);
    }

    /** apache/kafka at the project's Kafka version, written into testkit.properties by the build. */
    private static String containerImage() {
        Properties properties = new Properties();
        try (InputStream in = KafkaBrokerExtension.class.getResourceAsStream("testkit.properties")) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read testkit.properties from the memfleet-testkit jar", e);
        }
        return properties.getProperty("kafka.image");
    }
}
