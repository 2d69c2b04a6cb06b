package io.memfleet.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.memfleet.aggregator.detect.exec.MapsLine;
import io.memfleet.schema.Anomaly;
import io.memfleet.schema.AnomalyStatus;
import io.memfleet.schema.AnomalyType;
import io.memfleet.schema.Mapping;
import io.memfleet.schema.Severity;
import io.memfleet.schema.codec.WireFormat;
import io.memfleet.schema.kafka.AnomalySerde;
import io.memfleet.testkit.TestKafka;
import io.memfleet.testkit.WithKafka;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bridge between a real broker and a real Alertmanager: a FIRING anomaly appears in
 * {@code GET /api/v2/alerts} with its labels, its RESOLVED resolves it (Alertmanager notifies
 * "resolved"); offsets are committed only once Alertmanager took the alert, so one that starts late
 * still gets it; a restarted bridge resolves what the last run fired.
 */
@WithKafka
class AlertsBridgeIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private final List<AlertsBridge> bridges = new ArrayList<>();
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        bridges.forEach(AlertsBridge::close);
        threads.shutdownNow();
    }

    @Test
    @Timeout(180)
    void shouldFireAndResolveTheAlertInAlertmanager(TestKafka kafka, @TempDir Path dir) throws Exception {
        String topic = kafka.createTopic(kafka.uniqueTopic("anomalies"), 2);
        String group = "it-alerts-" + UUID.randomUUID();
        try (RealAlertmanager alertmanager = RealAlertmanager.start(dir.resolve("am"));
             KafkaProducer<String, byte[]> producer = producer(kafka)) {
            AlertsBridge bridge = start(kafka, topic, group, alertmanager.url());
            String host = "host-" + UUID.randomUUID();
            Anomaly firing = anomaly(host, AnomalyStatus.FIRING, "e2e-fileless", Instant.now().minusSeconds(5));

            send(producer, topic, host, "not an anomaly".getBytes(StandardCharsets.UTF_8));
            send(producer, topic, host, encode(topic, firing));

            JsonNode alert = await().atMost(WAIT).until(() -> find(alertmanager.alerts(), host), a -> a != null);
            assertThat(alert.get("labels").properties()).extracting(Map.Entry::getKey).containsExactlyInAnyOrder(
                    "alertname", "severity", "host", "process", "pid", "start_time", "mapping");
            assertThat(text(alert, "labels", "alertname")).isEqualTo("FILELESS_EXEC");
            assertThat(text(alert, "labels", "severity")).isEqualTo("high");
            assertThat(text(alert, "labels", "process")).isEqualTo("e2e-fileless");
            assertThat(text(alert, "labels", "pid")).isEqualTo("4242");
            assertThat(text(alert, "annotations", "summary")).isEqualTo(firing.summary());
            assertThat(text(alert, "annotations", "anomaly_id")).isEqualTo(firing.id());
            assertThat(text(alert, "annotations", "evidence")).contains("/memfd:payload (deleted)");
            assertThat(alert.get("status").get("state").asText()).isEqualTo("active");
            assertThat(Instant.parse(alert.get("startsAt").asText())).isEqualTo(Instant.ofEpochMilli(firing.detectedAt()));
            await().atMost(WAIT).until(() -> committed(kafka, group, topic) == 2);
            assertThat(bridge.stats().malformed()).isEqualTo(1);

            Instant resolvedAt = Instant.ofEpochMilli(System.currentTimeMillis() - 500);
            Anomaly resolved = anomaly(host, AnomalyStatus.RESOLVED, "e2e-fileless", resolvedAt);
            send(producer, topic, host, encode(topic, resolved));

            await().atMost(WAIT).until(() -> find(alertmanager.alerts(), host) == null);
            JsonNode notified = await().atMost(WAIT).until(() -> notified(alertmanager, host, "resolved"), n -> n != null);
            assertThat(notified.get("labels")).isEqualTo(alert.get("labels"));
            assertThat(Instant.parse(notified.get("endsAt").asText())).isEqualTo(resolvedAt);
            assertThat(notified(alertmanager, host, "firing")).as("notified firing before").isNotNull();
            await().atMost(WAIT).until(() -> committed(kafka, group, topic) == 3);
            assertThat(bridge.stats().delivered()).isEqualTo(2);
            assertThat(bridge.stats().firing()).isZero();
        }
    }

    @Test
    @Timeout(180)
    void shouldKeepRetryingWithoutCommittingUntilAlertmanagerStarts(TestKafka kafka, @TempDir Path dir)
            throws Exception {
        String topic = kafka.createTopic(kafka.uniqueTopic("anomalies"), 1);
        String group = "it-alerts-" + UUID.randomUUID();
        int port = RealAlertmanager.freePort();
        try (KafkaProducer<String, byte[]> producer = producer(kafka)) {
            AlertsBridge bridge = start(kafka, topic, group, "http://127.0.0.1:" + port);
            String host = "host-" + UUID.randomUUID();
            send(producer, topic, host, encode(topic, anomaly(host, AnomalyStatus.FIRING, "leaky", Instant.now())));

            await().atMost(WAIT).until(() -> bridge.stats().retries() >= 3);
            assertThat(committed(kafka, group, topic)).as("nothing committed while Alertmanager is down").isEqualTo(-1);
            assertThat(bridge.stats().delivered()).isZero();

            try (RealAlertmanager alertmanager = RealAlertmanager.start(dir.resolve("am"), port)) {
                JsonNode alert = await().atMost(WAIT).until(() -> find(alertmanager.alerts(), host), a -> a != null);
                assertThat(text(alert, "labels", "process")).isEqualTo("leaky");
                await().atMost(WAIT).until(() -> committed(kafka, group, topic) == 1);
                assertThat(bridge.stats().delivered()).isEqualTo(1);
            }
        }
    }

    @Test
    @Timeout(180)
    void shouldResolveAfterARestartWhatTheLastRunFired(TestKafka kafka, @TempDir Path dir) throws Exception {
        String topic = kafka.createTopic(kafka.uniqueTopic("anomalies"), 1);
        String group = "it-alerts-" + UUID.randomUUID();
        try (RealAlertmanager alertmanager = RealAlertmanager.start(dir.resolve("am"));
             KafkaProducer<String, byte[]> producer = producer(kafka)) {
            AlertsBridge first = start(kafka, topic, group, alertmanager.url());
            String host = "host-" + UUID.randomUUID();
            send(producer, topic, host, encode(topic, anomaly(host, AnomalyStatus.FIRING, "worker", Instant.now())));
            JsonNode fired = await().atMost(WAIT).until(() -> find(alertmanager.alerts(), host), a -> a != null);
            await().atMost(WAIT).until(() -> committed(kafka, group, topic) == 1);
            first.close();

            AlertsBridge second = start(kafka, topic, group, alertmanager.url());
            await().atMost(WAIT).until(() -> second.stats().firing() == 1 && second.stats().resent() >= 1);
            // The process renamed itself meanwhile: the labels of the FIRING the bridge re-learnt still match.
            send(producer, topic, host, encode(topic, anomaly(host, AnomalyStatus.RESOLVED, "renamed", Instant.now())));

            await().atMost(WAIT).until(() -> find(alertmanager.alerts(), host) == null);
            JsonNode notified = await().atMost(WAIT).until(() -> notified(alertmanager, host, "resolved"), n -> n != null);
            assertThat(notified.get("labels")).isEqualTo(fired.get("labels"));
            assertThat(second.stats().delivered()).as("the FIRING is not posted as new again").isEqualTo(1);
        }
    }

    @Test
    @Timeout(120)
    void shouldSkipAnAlertAlertmanagerRejectsAndDeliverTheRestOfItsBatch(TestKafka kafka) throws Exception {
        String topic = kafka.createTopic(kafka.uniqueTopic("anomalies"), 1);
        String group = "it-alerts-" + UUID.randomUUID();
        // Alertmanager's own answer to an invalid alert in a batch: 400, with the valid ones kept.
        List<String> kept = new CopyOnWriteArrayList<>();
        HttpServer fake = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        fake.createContext("/api/v2/alerts", exchange -> {
            JsonNode alerts = new ObjectMapper().readTree(exchange.getRequestBody());
            boolean invalid = false;
            for (JsonNode alert : alerts) {
                if (alert.get("labels").path("process").asText().equals("poison")) {
                    invalid = true;
                } else {
                    kept.add(alert.get("annotations").get("anomaly_id").asText());
                }
            }
            exchange.sendResponseHeaders(invalid ? 400 : 200, -1);
            exchange.close();
        });
        fake.start();
        try (KafkaProducer<String, byte[]> producer = producer(kafka)) {
            AlertsBridge bridge = start(kafka, topic, group, "http://127.0.0.1:" + fake.getAddress().getPort());
            String host = "host-" + UUID.randomUUID();
            Anomaly poison = anomaly(host, AnomalyStatus.FIRING, "poison", Instant.now());
            Anomaly good = anomaly(host, AnomalyStatus.FIRING, "good", Instant.now());
            producer.send(new ProducerRecord<>(topic, host, encode(topic, poison)));
            send(producer, topic, host, encode(topic, good));

            await().atMost(WAIT).until(() -> committed(kafka, group, topic) == 2);
            assertThat(kept).contains(good.id()).doesNotContain(poison.id());
            assertThat(bridge.stats().rejected()).isEqualTo(1);
            assertThat(bridge.stats().retries()).isZero();
        } finally {
            fake.stop(0);
        }
    }

    private AlertsBridge start(TestKafka kafka, String topic, String group, String alertmanagerUrl) {
        Map<String, Object> settings = new HashMap<>();
        settings.put(AlertsConfig.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
        settings.put(AlertsConfig.ALERTMANAGER_URLS, alertmanagerUrl);
        settings.put(AlertsConfig.GROUP_ID, group);
        settings.put(AlertsConfig.TOPIC, topic);
        settings.put(AlertsConfig.RETRY_BACKOFF_MS, "100");
        settings.put(AlertsConfig.RETRY_BACKOFF_MAX_MS, "1000");
        settings.put(AlertsConfig.REQUEST_TIMEOUT_MS, "2000");
        settings.put("kafka.session.timeout.ms", "6000");
        AlertsBridge bridge = new AlertsBridge(new AlertsConfig(settings));
        bridges.add(bridge);
        Future<?> running = threads.submit(bridge::run);
        await().atMost(WAIT).failFast(running::isDone).until(() -> bridge.stats().partitions() > 0);
        return bridge;
    }

    static Anomaly anomaly(String host, AnomalyStatus status, String processName, Instant at) {
        Map<String, String> evidence = new LinkedHashMap<>();
        evidence.put("rule", "fileless.memfd");
        evidence.put("mapping", MapsLine.of(Mapping.of(0x7f3a1c000000L, 0x7f3a1c001000L, "r-xp", 0, "00:01", 2049,
                "/memfd:payload (deleted)")));
        if (status == AnomalyStatus.RESOLVED) {
            evidence.put("resolution", "the process exited");
        }
        return new Anomaly(status.name().toLowerCase() + "-" + UUID.randomUUID(), AnomalyType.FILELESS_EXEC,
                Severity.HIGH, status, host, "web-1", 4242, 987654, processName, at.toEpochMilli(),
                processName + " (pid 4242) is executing code from a memfd (/memfd:payload (deleted)).", evidence);
    }

    private static byte[] encode(String topic, Anomaly anomaly) {
        return new AnomalySerde(WireFormat.JSON).serializer().serialize(topic, new RecordHeaders(), anomaly);
    }

    private static KafkaProducer<String, byte[]> producer(TestKafka kafka) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer());
    }

    private static void send(KafkaProducer<String, byte[]> producer, String topic, String key, byte[] value)
            throws Exception {
        producer.send(new ProducerRecord<>(topic, key, value)).get(30, TimeUnit.SECONDS);
    }

    /** The group's committed offsets on the topic, summed; -1 when none. */
    private static long committed(TestKafka kafka, String group, String topic) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets = kafka.admin().listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
        long sum = -1;
        for (Map.Entry<TopicPartition, OffsetAndMetadata> entry : offsets.entrySet()) {
            if (entry.getKey().topic().equals(topic) && entry.getValue() != null) {
                sum = Math.max(sum, 0) + entry.getValue().offset();
            }
        }
        return sum;
    }

    private static JsonNode find(JsonNode alerts, String host) {
        for (JsonNode alert : alerts) {
            if (host.equals(alert.get("labels").path("host").asText())) {
                return alert;
            }
        }
        return null;
    }

    private static JsonNode notified(RealAlertmanager alertmanager, String host, String status) {
        for (JsonNode alert : alertmanager.notifiedAlerts()) {
            if (host.equals(alert.get("labels").path("host").asText()) && status.equals(alert.path("status").asText())) {
                return alert;
            }
        }
        return null;
    }

    private static String text(JsonNode alert, String field, String key) {
        return alert.get(field).path(key).asText();
    }
}
