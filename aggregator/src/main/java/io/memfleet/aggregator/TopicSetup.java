package io.memfleet.aggregator;

import io.memfleet.schema.kafka.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates memfleet's topics when they do not exist yet, so a first start needs no manual step.
 *
 * <p>The dead-letter topic gets as many partitions as {@value Topics#SAMPLES} really has (which may
 * differ from {@code partitions} when someone else created it): a dead letter keeps its key (the host
 * id) and Kafka's default partitioner hashes it, so it lands in the partition of the same number as
 * its source, one host's dead letters stay in order, a flood from many hosts is spread like the
 * samples themselves, and replaying dead letters onto the samples topic keeps each host in its
 * partition. One partition would do for the trickle that is normal, but not for a broken fleet.
 *
 * <p>{@value Topics#SAMPLES} is created with {@code message.timestamp.type=LogAppendTime}: the
 * broker dates each record, and the aggregator trusts that time rather than the host's
 * ({@link BrokerTimestampExtractor}). An existing topic left at {@code CreateTime} is not changed
 * (that is the operator's call, and may need rights the aggregator lacks) but warned about, with
 * the command that fixes it: until then this instance's clock stands in for the broker's.
 */
public final class TopicSetup {

    private static final Logger LOG = LoggerFactory.getLogger(TopicSetup.class);
    private static final long TIMEOUT_SECONDS = 30;
    static final String TIMESTAMP_TYPE = TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG;
    static final String LOG_APPEND_TIME = "LogAppendTime";

    private TopicSetup() {
    }

    /** The samples, anomalies and default dead-letter ({@value Topics#SAMPLES_DEAD_LETTER}) topics. */
    public static void ensureTopics(Admin admin, int partitions, short replicationFactor) {
        ensureTopics(admin, partitions, replicationFactor, Topics.SAMPLES_DEAD_LETTER);
    }

    /** The samples and anomalies topics, and {@code deadLetterTopic} ({@code dead.letter.topic}). */
    public static void ensureTopics(Admin admin, int partitions, short replicationFactor, String deadLetterTopic) {
        Optional<Short> replication = replicationFactor < 0 ? Optional.empty() : Optional.of(replicationFactor);
        List<String> names = List.of(Topics.SAMPLES, Topics.ANOMALIES, deadLetterTopic);
        try {
            Set<String> existing = admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (String topic : List.of(Topics.SAMPLES, Topics.ANOMALIES)) {
                if (!existing.contains(topic)) {
                    NewTopic created = new NewTopic(topic, Optional.of(partitions), replication);
                    missing.add(topic.equals(Topics.SAMPLES) ? created.configs(Map.of(TIMESTAMP_TYPE, LOG_APPEND_TIME))
                            : created);
                }
            }
            create(admin, missing);
            if (existing.contains(Topics.SAMPLES)) {
                checkTimestampType(admin);
            }
            if (!existing.contains(deadLetterTopic)) {
                int samplesPartitions = existing.contains(Topics.SAMPLES)
                        ? partitionsOf(admin, Topics.SAMPLES) : partitions;
                create(admin, List.of(new NewTopic(deadLetterTopic, Optional.of(samplesPartitions), replication)));
            }
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new KafkaException("cannot check or create topics " + String.join(", ", names) + ": " + cause, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted while creating topics", e);
        }
    }

    private static void create(Admin admin, List<NewTopic> topics)
            throws ExecutionException, TimeoutException, InterruptedException {
        if (topics.isEmpty()) {
            return;
        }
        try {
            admin.createTopics(topics).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            for (NewTopic topic : topics) {
                LOG.info("Created topic {} with {} partitions", topic.name(), topic.numPartitions());
            }
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e; // another instance creating them at the same time is fine
            }
        }
    }

    /** Warns when the samples topic dates records by the producer's clock, saying how to change it. */
    private static void checkTimestampType(Admin admin)
            throws ExecutionException, TimeoutException, InterruptedException {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, Topics.SAMPLES);
        ConfigEntry entry = admin.describeConfigs(List.of(resource)).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                .get(resource).get(TIMESTAMP_TYPE);
        if (entry != null && !LOG_APPEND_TIME.equals(entry.value())) {
            LOG.warn("Topic {} has {}={}: records carry their host's clock, so this aggregator dates them by its own "
                            + "clock instead. Let the broker date them: kafka-configs.sh --bootstrap-server HOST:PORT "
                            + "--alter --entity-type topics --entity-name {} --add-config {}={}", Topics.SAMPLES,
                    TIMESTAMP_TYPE, entry.value(), Topics.SAMPLES, TIMESTAMP_TYPE, LOG_APPEND_TIME);
        }
    }

    private static int partitionsOf(Admin admin, String topic)
            throws ExecutionException, TimeoutException, InterruptedException {
        return admin.describeTopics(List.of(topic)).allTopicNames().get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                .get(topic).partitions().size();
    }
}
