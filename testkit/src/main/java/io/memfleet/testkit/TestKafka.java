package io.memfleet.testkit;

import io.memfleet.broker.EmbeddedKafkaBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.junit.jupiter.api.Assumptions;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Kafka cluster an integration test talks to, shared by every test in the JVM. Injected by
 * {@link KafkaBrokerExtension}; tests never close it.
 */
public final class TestKafka {

    /** Part of every unique topic name, so reruns against one external cluster do not collide. */
    private static final String RUN_ID = UUID.randomUUID().toString().substring(0, 8);
    private static final AtomicInteger topicCounter = new AtomicInteger();

    private final String bootstrapServers;
    private final String description;
    private final EmbeddedKafkaBroker embedded;
    private final Admin admin;

    /** @param embedded the broker when it runs in this JVM, null for an external or container cluster */
    TestKafka(String bootstrapServers, String description, EmbeddedKafkaBroker embedded) {
        this.bootstrapServers = bootstrapServers;
        this.description = description;
        this.embedded = embedded;
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** A shared Admin client; do not close it. */
    public Admin admin() {
        return admin;
    }

    /** A topic name no other test in this run uses: {@code prefix-<run id>-<n>}. It is not created. */
    public String uniqueTopic(String prefix) {
        return prefix + "-" + RUN_ID + "-" + topicCounter.incrementAndGet();
    }

    /** Creates the topic with the cluster's default replication factor and returns its name. */
    public String createTopic(String name, int partitions) {
        NewTopic topic = new NewTopic(name, Optional.of(partitions), Optional.empty());
        try {
            admin.createTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
            return name;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topic " + name, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot create topic " + name + " on " + description, e);
        }
    }

    /**
     * Creates the topic unless it exists (tests sharing the broker create {@code memfleet.samples}
     * in turn); returns its name.
     */
    public String ensureTopic(String name, int partitions) {
        try {
            if (!admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(name)) {
                admin.createTopics(List.of(new NewTopic(name, Optional.of(partitions), Optional.empty())))
                        .all().get(30, TimeUnit.SECONDS);
            }
            return name;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topic " + name, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TopicExistsException) {
                return name; // created by another test between the listing and ours
            }
            throw new IllegalStateException("cannot create topic " + name + " on " + description, e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("cannot create topic " + name + " on " + description, e);
        }
    }

    /**
     * Stops the broker, keeping its data and port. Only the embedded broker can be stopped; on any
     * other cluster the calling test is aborted (reported as skipped), not failed.
     */
    public void stop() {
        embeddedOrAbort("stop()").stop();
    }

    /** Starts the broker again on the same port and data; see {@link #stop()} for which clusters allow it. */
    public void restart() {
        embeddedOrAbort("restart()").restart();
    }

    void closeAdmin() {
        admin.close(Duration.ofSeconds(5));
    }

    @Override
    public String toString() {
        return description;
    }

    private EmbeddedKafkaBroker embeddedOrAbort(String operation) {
        if (embedded == null) {
            Assumptions.abort(operation + " needs the embedded broker (-Dmemfleet.test.broker=embedded); this run uses "
                    + description);
        }
        return embedded;
    }
}
