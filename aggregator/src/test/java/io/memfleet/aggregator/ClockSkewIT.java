package io.memfleet.aggregator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.memfleet.collector.Collector;
import io.memfleet.collector.CollectorConfig;
import io.memfleet.schema.Anomaly;
import io.memfleet.schema.AnomalyStatus;
import io.memfleet.schema.AnomalyType;
import io.memfleet.schema.codec.WireFormat;
import io.memfleet.schema.kafka.AnomalySerde;
import io.memfleet.schema.kafka.Topics;
import io.memfleet.testkit.TestKafka;
import io.memfleet.testkit.WithKafka;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15's clock case on a real broker, through real collectors: a healthy host has two passes of
 * history; a host whose clock is three years ahead and one whose clock is in 1970 publish on its
 * partition; the healthy host's history and its next passes are untouched, the two are flagged in
 * {@code /api/hosts} and the metrics, and CLOCK_SKEW is on {@code memfleet.anomalies}.
 */
@WithKafka
class ClockSkewIT {

    private static final long MY_PID = ProcessHandle.current().pid();
    private static final long THREE_YEARS = Duration.ofDays(3 * 365).toMillis();

    @Test
    @Timeout(240)
    void shouldKeepAHealthyHostWholeWhenHostsOnItsPartitionHaveWrongClocks(TestKafka kafka, @TempDir Path dir)
            throws Exception {
        TopicSetup.ensureTopics(kafka.admin(), 3, (short) -1);
        assertThat(timestampType(kafka)).as("the broker dates the samples").isEqualTo("LogAppendTime");
        int partitions = kafka.admin().describeTopics(List.of(Topics.SAMPLES)).allTopicNames().get()
                .get(Topics.SAMPLES).partitions().size();
        String good = "good-" + UUID.randomUUID();
        String ahead = onPartitionOf(good, "ahead-", partitions);
        String behind = onPartitionOf(good, "behind-", partitions);

        try (Aggregator aggregator = AggregatorCluster.start(kafka, "it-clock-" + UUID.randomUUID(),
                dir.resolve("streams"));
             KafkaConsumer<String, Anomaly> anomalies = anomalyConsumer(kafka);
             Collector healthy = collector(kafka, good, dir, System::currentTimeMillis)) {
            assertThat(aggregator.awaitRunning(Duration.ofSeconds(90))).isTrue();
            String api = aggregator.httpUrl();
            healthy.runOnce();
            healthy.runOnce();
            await().atMost(Duration.ofSeconds(60)).until(() -> historyPoints(api, good), n -> n == 2);

            try (Collector future = collector(kafka, ahead, dir, () -> System.currentTimeMillis() + THREE_YEARS);
                 Collector past = collector(kafka, behind, dir, () -> 86_400_000L)) {
                future.runOnce();
                past.runOnce();
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> host(api, ahead) != null && host(api, behind) != null);
            assertThat(historyPoints(api, good)).as("the healthy host's history").isEqualTo(2);
            for (int i = 0; i < 3; i++) {
                healthy.runOnce();
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> historyPoints(api, good), n -> n == 5);

            JsonNode healthyHost = host(api, good);
            assertThat(healthyHost.get("samplesLost").asLong()).isZero();
            assertThat(healthyHost.get("samplesOutOfTime").asLong()).isZero();
            assertThat(Math.abs(healthyHost.get("clockSkewMs").asLong())).isLessThan(60_000);
            JsonNode aheadHost = host(api, ahead);
            assertThat(aheadHost.get("samplesOutOfTime").asLong()).as("its samples and heartbeat").isGreaterThan(1);
            assertThat(aheadHost.get("clockSkewMs").asLong()).isBetween(THREE_YEARS - 60_000, THREE_YEARS + 60_000);
            assertThat(historyPoints(api, ahead)).as("filed at the broker's time").isEqualTo(1);
            JsonNode behindHost = host(api, behind);
            assertThat(behindHost.get("samplesOutOfTime").asLong()).isGreaterThan(1);
            assertThat(behindHost.get("clockSkewMs").asLong()).isLessThan(-Duration.ofDays(50 * 365).toMillis());
            assertThat(behindHost.get("processCount").asInt()).as("its heartbeat is still counted").isPositive();

            List<Anomaly> skews = clockSkews(anomalies, List.of(ahead, behind));
            assertThat(skews).extracting(Anomaly::hostId).containsExactlyInAnyOrder(ahead, behind);
            assertThat(skews).allSatisfy(a -> {
                assertThat(a.status()).isEqualTo(AnomalyStatus.FIRING);
                assertThat(a.pid()).isZero();
            });
            String metrics = AggregatorCluster.get(api + "/metrics", true).body();
            assertThat(metrics).contains("memfleet_aggregator_host_clock_skew_seconds{host=\"" + ahead + "\"} 9.46")
                    .contains("memfleet_aggregator_host_samples_out_of_time_total{host=\"" + behind + "\"}");
        }
    }

    private static Collector collector(TestKafka kafka, String hostId, Path dir, LongSupplier clock) {
        Map<String, Object> settings = new HashMap<>();
        settings.put(CollectorConfig.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
        settings.put(CollectorConfig.HOST_ID, hostId);
        settings.put(CollectorConfig.SPOOL_DIR, dir.resolve("spool-" + hostId).toString());
        settings.put(CollectorConfig.INCLUDE_NAMES, "java");
        return new Collector(new CollectorConfig(settings), clock);
    }

    /** A host id whose records land in the same partition as {@code other}'s (Kafka's default partitioner). */
    private static String onPartitionOf(String other, String prefix, int partitions) {
        int wanted = partition(other, partitions);
        while (true) {
            String id = prefix + UUID.randomUUID();
            if (partition(id, partitions) == wanted) {
                return id;
            }
        }
    }

    private static int partition(String key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    private static String timestampType(TestKafka kafka) throws Exception {
        ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, Topics.SAMPLES);
        Config config = kafka.admin().describeConfigs(List.of(topic)).all().get().get(topic);
        return config.get("message.timestamp.type").value();
    }

    private static JsonNode host(String api, String hostId) throws Exception {
        var response = AggregatorCluster.get(api + "/api/hosts/" + AggregatorCluster.encode(hostId), false);
        return response.statusCode() == 200 ? AggregatorCluster.json(response) : null;
    }

    /** Points of this JVM's process in the host's raw history; -1 before the process is known. */
    private static int historyPoints(String api, String hostId) throws Exception {
        var response = AggregatorCluster.get(api + "/api/hosts/" + AggregatorCluster.encode(hostId) + "/processes/"
                + MY_PID + "/history?from=" + Instant.now().minus(Duration.ofHours(1)), false);
        if (response.statusCode() != 200) {
            return -1;
        }
        return AggregatorCluster.json(response).get("points").size();
    }

    private static KafkaConsumer<String, Anomaly> anomalyConsumer(TestKafka kafka) {
        KafkaConsumer<String, Anomaly> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), new AnomalySerde(WireFormat.JSON).deserializer());
        consumer.subscribe(List.of(Topics.ANOMALIES));
        return consumer;
    }

    /** The CLOCK_SKEW events of {@code hostIds} on the topic, waiting up to 30 s for one each. */
    private static List<Anomaly> clockSkews(KafkaConsumer<String, Anomaly> consumer, List<String> hostIds) {
        List<Anomaly> found = new ArrayList<>();
        long deadline = System.currentTimeMillis() + 30_000;
        while (found.size() < hostIds.size() && System.currentTimeMillis() < deadline) {
            for (ConsumerRecord<String, Anomaly> record : consumer.poll(Duration.ofMillis(200))) {
                if (record.value().type() == AnomalyType.CLOCK_SKEW && hostIds.contains(record.key())) {
                    found.add(record.value());
                }
            }
        }
        return found;
    }
}
