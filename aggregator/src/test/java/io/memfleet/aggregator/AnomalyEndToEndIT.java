package io.memfleet.aggregator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.memfleet.collector.Collector;
import io.memfleet.collector.CollectorConfig;
import io.memfleet.schema.Anomaly;
import io.memfleet.schema.AnomalyStatus;
import io.memfleet.schema.AnomalyType;
import io.memfleet.schema.codec.WireFormat;
import io.memfleet.schema.kafka.AnomalySerde;
import io.memfleet.schema.kafka.Topics;
import io.memfleet.testkit.RequiredBinary;
import io.memfleet.testkit.TestKafka;
import io.memfleet.testkit.WithKafka;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
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
 * The whole path of an alert: a real process starts executing code from a memfd; the collector
 * samples it, the aggregator's detector decides, and a FIRING FILELESS_EXEC anomaly reaches
 * {@code memfleet.anomalies} within 5 s of the sample that decided it, then RESOLVED when the
 * process exits; GET /api/anomalies lists both.
 */
@WithKafka
class AnomalyEndToEndIT {

    @Test
    @Timeout(180)
    void shouldAlertOnFilelessExecutionWithinFiveSecondsOfTheSample(TestKafka kafka, @TempDir Path dir)
            throws Exception {
        Path binary = compile(dir);
        TopicSetup.ensureTopics(kafka.admin(), 3, (short) -1);
        String hostId = "e2e-" + UUID.randomUUID();
        Map<String, Object> aggregatorSettings = new HashMap<>();
        aggregatorSettings.put(AggregatorConfig.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
        aggregatorSettings.put(AggregatorConfig.APPLICATION_ID, "it-e2e-" + UUID.randomUUID());
        aggregatorSettings.put(AggregatorConfig.STATE_DIR, dir.resolve("state").toString());
        aggregatorSettings.put(AggregatorConfig.HTTP_PORT, 0);
        aggregatorSettings.put(AggregatorConfig.TOPIC_PARTITIONS, 3);

        Process child = new ProcessBuilder(binary.toString()).redirectErrorStream(true).start();
        try (Aggregator aggregator = new Aggregator(new AggregatorConfig(aggregatorSettings));
             KafkaConsumer<String, Anomaly> anomalies = anomalyConsumer(kafka)) {
            aggregator.start();
            assertThat(aggregator.awaitRunning(Duration.ofSeconds(90))).isTrue();
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            assertThat(out.readLine()).isEqualTo("ready");

            Map<String, Object> collectorSettings = new HashMap<>();
            collectorSettings.put(CollectorConfig.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
            collectorSettings.put(CollectorConfig.HOST_ID, hostId);
            collectorSettings.put(CollectorConfig.INTERVAL_MS, 500L);
            collectorSettings.put(CollectorConfig.SPOOL_DIR, dir.resolve("spool").toString());
            collectorSettings.put(CollectorConfig.INCLUDE_NAMES, "e2e-fileless");
            try (Collector collector = new Collector(new CollectorConfig(collectorSettings))) {
                collector.start();
                Thread.sleep(1_500); // a few clean passes first
                OutputStream in = child.getOutputStream();
                in.write("go\n".getBytes(StandardCharsets.UTF_8));
                in.flush();
                assertThat(out.readLine()).isEqualTo("mapped");

                Anomaly firing = awaitAnomaly(anomalies, hostId, AnomalyStatus.FIRING, Duration.ofSeconds(30));
                long received = System.currentTimeMillis();
                assertThat(firing.type()).isEqualTo(AnomalyType.FILELESS_EXEC);
                assertThat(firing.pid()).isEqualTo((int) child.pid());
                assertThat(firing.processName()).isEqualTo("e2e-fileless");
                assertThat(firing.summary()).contains("memfd");
                assertThat(String.join("\n", firing.evidence().values())).contains("/memfd:payload (deleted)");
                assertThat(received - firing.detectedAt()).as("ms from the deciding sample to the topic")
                        .isLessThan(5_000);

                child.destroy();
                child.waitFor();
                Anomaly resolved = awaitAnomaly(anomalies, hostId, AnomalyStatus.RESOLVED, Duration.ofSeconds(30));
                assertThat(resolved.type()).isEqualTo(AnomalyType.FILELESS_EXEC);
                assertThat(resolved.id()).isNotEqualTo(firing.id());

                HttpResponse<String> listed = AggregatorCluster.get(aggregator.httpUrl() + "/api/anomalies?hostId="
                        + AggregatorCluster.encode(hostId), false);
                assertThat(listed.statusCode()).isEqualTo(200);
                JsonNode events = AggregatorCluster.json(listed);
                assertThat(events.findValuesAsText("status")).containsExactly("RESOLVED", "FIRING");
                assertThat(events.findValuesAsText("detectedAt")).as("ISO-8601 in the API, epoch ms on the topic")
                        .containsExactly(Instant.ofEpochMilli(resolved.detectedAt()).toString(),
                                Instant.ofEpochMilli(firing.detectedAt()).toString());
                assertThat(AggregatorCluster.get(aggregator.httpUrl() + "/api/anomalies?type=BANANA", false)
                        .statusCode()).isEqualTo(400);
                String host = "/api/anomalies?hostId=" + AggregatorCluster.encode(hostId);
                JsonNode mine = AggregatorCluster.json(AggregatorCluster.get(aggregator.httpUrl() + host + "&pid="
                        + firing.pid() + "&startTime=" + firing.startTime(), false));
                assertThat(mine.findValuesAsText("status")).containsExactly("RESOLVED", "FIRING");
                JsonNode otherProcess = AggregatorCluster.json(AggregatorCluster.get(aggregator.httpUrl() + host
                        + "&pid=" + firing.pid() + "&startTime=" + (firing.startTime() + 1), false));
                assertThat(otherProcess.findValuesAsText("status")).as("same pid, another process").isEmpty();
                HttpResponse<String> noHost = AggregatorCluster.get(aggregator.httpUrl() + "/api/anomalies?pid="
                        + firing.pid(), false);
                assertThat(noHost.statusCode()).isEqualTo(400);
                assertThat(noHost.body()).contains("need hostId");
            }
        } finally {
            child.destroyForcibly();
        }
    }

    private static Anomaly awaitAnomaly(KafkaConsumer<String, Anomaly> consumer, String hostId, AnomalyStatus status,
                                        Duration timeout) {
        long deadline = System.currentTimeMillis() + timeout.toMillis();
        while (System.currentTimeMillis() < deadline) {
            for (ConsumerRecord<String, Anomaly> record : consumer.poll(Duration.ofMillis(100))) {
                if (record.key().equals(hostId) && record.value().status() == status) {
                    return record.value();
                }
            }
        }
        throw new AssertionError("no " + status + " anomaly for host " + hostId + " within " + timeout);
    }

    private static KafkaConsumer<String, Anomaly> anomalyConsumer(TestKafka kafka) {
        KafkaConsumer<String, Anomaly> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), new AnomalySerde(WireFormat.JSON).deserializer());
        consumer.subscribe(List.of(Topics.ANOMALIES));
        long deadline = System.currentTimeMillis() + 30_000;
        while (consumer.assignment().isEmpty() && System.currentTimeMillis() < deadline) {
            consumer.poll(Duration.ofMillis(200)); // join the group before anything is published
        }
        return consumer;
    }

    private static Path compile(Path dir) throws Exception {
        Path source = dir.resolve("memfd_exec.c");
        try (InputStream in = AnomalyEndToEndIT.class.getResourceAsStream("/e2e/memfd_exec.c")) {
            Files.copy(in, source);
        }
        Path binary = dir.resolve("memfd_exec");
        Process cc = new ProcessBuilder(RequiredBinary.cCompiler(), "-O1", "-o", binary.toString(), source.toString())
                .redirectErrorStream(true).start();
        String output = new String(cc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(cc.waitFor()).as(output).isZero();
        return binary;
    }
}
