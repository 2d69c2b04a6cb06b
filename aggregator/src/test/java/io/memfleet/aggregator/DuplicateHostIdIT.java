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
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15's clone case on a real broker, through real collectors: two collectors given one
 * {@code --host-id} on two "machines" (proc roots with their own boot id and hostname, both showing
 * this JVM) sample in turn. The host shows both, loses nothing, restarts never, and
 * DUPLICATE_HOST_ID is on {@code memfleet.anomalies}.
 */
@WithKafka
class DuplicateHostIdIT {

    private static final long MY_PID = ProcessHandle.current().pid();

    @Test
    @Timeout(240)
    void shouldShowTwoCollectorsUnderOneHostIdWithoutFalseLossOrRestarts(TestKafka kafka, @TempDir Path dir)
            throws Exception {
        TopicSetup.ensureTopics(kafka.admin(), 3, (short) -1);
        String hostId = "clone-" + UUID.randomUUID();
        String bootA = UUID.randomUUID().toString();
        String bootB = UUID.randomUUID().toString();

        try (Aggregator aggregator = AggregatorCluster.start(kafka, "it-dup-" + UUID.randomUUID(), dir.resolve("streams"));
             KafkaConsumer<String, Anomaly> anomalies = anomalyConsumer(kafka);
             Collector first = collector(kafka, hostId, machine(dir, "vm-a", bootA), dir.resolve("spool-a"));
             Collector second = collector(kafka, hostId, machine(dir, "vm-b", bootB), dir.resolve("spool-b"))) {
            assertThat(aggregator.awaitRunning(Duration.ofSeconds(90))).isTrue();
            String api = aggregator.httpUrl();
            for (int i = 0; i < 4; i++) {
                first.runOnce();
                second.runOnce();
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> host(api, hostId),
                    h -> h != null && h.get("lastSeq").asLong() > 0 && h.get("duplicateHostId").asBoolean());

            JsonNode host = host(api, hostId);
            assertThat(host.get("samplesLost").asLong()).as("each run's seq is whole").isZero();
            assertThat(host.get("collectorRestarts").asLong()).as("a clone is no restart").isZero();
            List<String> bootIds = new ArrayList<>();
            List<String> hostnames = new ArrayList<>();
            host.get("collectors").forEach(c -> {
                bootIds.add(c.get("bootId").asText());
                hostnames.add(c.get("hostname").asText());
            });
            assertThat(bootIds).containsExactlyInAnyOrder(bootA, bootB);
            assertThat(hostnames).containsExactlyInAnyOrder("vm-a", "vm-b");

            Anomaly event = duplicate(anomalies, hostId);
            assertThat(event).isNotNull();
            assertThat(event.status()).isEqualTo(AnomalyStatus.FIRING);
            assertThat(event.pid()).isZero();
            assertThat(event.evidence().get("bootIds")).contains(bootA).contains(bootB);
        }
    }

    /** A proc root of a machine of its own boot id and hostname, whose one process is this JVM. */
    private static Path machine(Path dir, String hostname, String bootId) throws IOException {
        Path root = dir.resolve("proc-" + hostname);
        Files.createDirectories(root.resolve("sys/kernel/random"));
        Files.writeString(root.resolve("sys/kernel/random/boot_id"), bootId + "\n");
        Files.writeString(root.resolve("sys/kernel/hostname"), hostname + "\n");
        Files.createSymbolicLink(root.resolve("meminfo"), Path.of("/proc/meminfo"));
        Files.createSymbolicLink(root.resolve(Long.toString(MY_PID)), Path.of("/proc/" + MY_PID));
        return root;
    }

    private static Collector collector(TestKafka kafka, String hostId, Path procRoot, Path spool) {
        Map<String, Object> settings = new HashMap<>();
        settings.put(CollectorConfig.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
        settings.put(CollectorConfig.HOST_ID, hostId);
        settings.put(CollectorConfig.PROC_ROOT, procRoot.toString());
        settings.put(CollectorConfig.SPOOL_DIR, spool.toString());
        return new Collector(new CollectorConfig(settings));
    }

    private static JsonNode host(String api, String hostId) throws Exception {
        var response = AggregatorCluster.get(api + "/api/hosts/" + AggregatorCluster.encode(hostId), false);
        return response.statusCode() == 200 ? AggregatorCluster.json(response) : null;
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

    /** The host's DUPLICATE_HOST_ID event on the topic, waiting up to 30 s; null if none came. */
    private static Anomaly duplicate(KafkaConsumer<String, Anomaly> consumer, String hostId) {
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline) {
            for (ConsumerRecord<String, Anomaly> record : consumer.poll(Duration.ofMillis(200))) {
                if (record.value().type() == AnomalyType.DUPLICATE_HOST_ID && hostId.equals(record.key())) {
                    return record.value();
                }
            }
        }
        return null;
    }
}
