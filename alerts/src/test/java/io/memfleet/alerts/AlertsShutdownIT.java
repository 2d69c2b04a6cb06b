package io.memfleet.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.memfleet.schema.Anomaly;
import io.memfleet.schema.AnomalyStatus;
import io.memfleet.schema.codec.WireFormat;
import io.memfleet.schema.kafka.AnomalySerde;
import io.memfleet.testkit.TestKafka;
import io.memfleet.testkit.WithKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code memfleet alerts} in its own JVM, as a service manager runs it: SIGTERM while Alertmanager is
 * down stops it promptly; the alert Alertmanager took stays committed, the one it never took does not.
 */
@WithKafka
class AlertsShutdownIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    @Timeout(180)
    void shouldStopOnSigtermCommittingOnlyWhatAlertmanagerTook(TestKafka kafka, @TempDir Path dir) throws Exception {
        String topic = kafka.createTopic(kafka.uniqueTopic("anomalies"), 1);
        String group = "it-alerts-sigterm-" + UUID.randomUUID();
        Path config = dir.resolve("alerts.properties");
        Files.writeString(config, "topic=" + topic + "\nretry.backoff.ms=100\nretry.backoff.max.ms=500\n"
                + "request.timeout.ms=2000\n");
        Path log = dir.resolve("alerts.log");
        RealAlertmanager alertmanager = RealAlertmanager.start(dir.resolve("am"));
        Process bridge = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), AlertsMain.class.getName(),
                "--bootstrap-servers", kafka.bootstrapServers(), "--alertmanager", alertmanager.url(),
                "--group-id", group, "--config", config.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()), new StringSerializer(),
                new ByteArraySerializer())) {
            await().atMost(WAIT).failFast(() -> !bridge.isAlive()).until(() -> Files.readString(log).contains("Assigned"));
            String host = "host-" + UUID.randomUUID();
            send(producer, topic, host, AlertsBridgeIT.anomaly(host, AnomalyStatus.FIRING, "first", Instant.now()));
            await().atMost(WAIT).until(() -> committed(kafka, group) == 1);
            assertThat(alertmanager.alerts().toString()).contains(host);

            alertmanager.close();
            send(producer, topic, host, AlertsBridgeIT.anomaly(host, AnomalyStatus.RESOLVED, "first", Instant.now()));
            await().atMost(WAIT).until(() -> Files.readString(log).contains("retry 2 "));

            long stopping = System.nanoTime();
            bridge.destroy(); // SIGTERM
            assertThat(bridge.waitFor(30, TimeUnit.SECONDS)).as("exited after SIGTERM").isTrue();
            long stoppedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopping);
            System.out.println("memfleet alerts: SIGTERM to exit while retrying: " + stoppedMs + " ms");
            assertThat(bridge.exitValue()).as(Files.readString(log)).isIn(0, 143);
            assertThat(Files.readString(log)).contains("Alerts bridge stopped: 1 alerts delivered");
            assertThat(stoppedMs).as("ms from SIGTERM to exit").isLessThan(15_000);
            assertThat(committed(kafka, group)).as("the RESOLVED Alertmanager never took is not committed").isEqualTo(1);
        } finally {
            bridge.destroyForcibly();
            alertmanager.close();
        }
    }

    private static void send(KafkaProducer<String, byte[]> producer, String topic, String key, Anomaly anomaly)
            throws Exception {
        byte[] value = new AnomalySerde(WireFormat.JSON).serializer().serialize(topic, new RecordHeaders(), anomaly);
        producer.send(new ProducerRecord<>(topic, key, value)).get(30, TimeUnit.SECONDS);
    }

    private static long committed(TestKafka kafka, String group) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets = kafka.admin().listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
        return offsets.values().stream().filter(o -> o != null).mapToLong(OffsetAndMetadata::offset).sum();
    }
}
