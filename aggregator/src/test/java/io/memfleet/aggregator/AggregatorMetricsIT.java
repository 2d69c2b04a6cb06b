package io.memfleet.aggregator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.memfleet.schema.Mapping;
import io.memfleet.schema.ProcessSample;
import io.memfleet.schema.codec.RecordCodec;
import io.memfleet.schema.codec.WireFormat;
import io.memfleet.schema.kafka.Topics;
import io.memfleet.testkit.TestKafka;
import io.memfleet.testkit.WithKafka;
import io.memfleet.testkit.metrics.Promtool;
import io.memfleet.testkit.metrics.Scrape;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A running aggregator's {@code GET /metrics} on a real broker: after a host's samples with a gap in
 * their seq and a memfd mapping, the ingest, per-host loss and anomaly numbers have moved, API
 * requests are timed by route template, Streams is RUNNING with its lag known per partition, and
 * promtool accepts the whole text. (The dead-letter counters are checked by {@link DeadLetterIT}.)
 */
@WithKafka
class AggregatorMetricsIT {

    private static final RecordCodec CODEC = new RecordCodec();

    @BeforeAll
    static void createTopics(TestKafka kafka) {
        TopicSetup.ensureTopics(kafka.admin(), 3, (short) -1);
    }

    @Test
    @Timeout(180)
    void shouldExposeIngestLossAnomaliesDeadLettersLagAndLatency(TestKafka kafka, @TempDir Path stateDir)
            throws Exception {
        String hostId = "it-metrics-" + UUID.randomUUID();
        String runId = "run-" + UUID.randomUUID();
        try (Aggregator aggregator = AggregatorCluster.start(kafka, "it-metrics-" + UUID.randomUUID(), stateDir)) {
            assertThat(aggregator.awaitRunning(Duration.ofSeconds(90))).isTrue();
            String metrics = aggregator.httpUrl() + "/metrics";

            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                    Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()), new StringSerializer(),
                    new ByteArraySerializer())) {
                Mapping app = Mapping.of(0x400000, 0x401000, "r-xp", 0, "fd:01", 7, "/usr/bin/app");
                Mapping memfd = Mapping.of(0x7f0000000000L, 0x7f0000001000L, "r-xp", 0, "00:01", 2048,
                        "/memfd:payload (deleted)");
                send(producer, hostId, CODEC.encode(sample(hostId, runId, 1, List.of(app)), WireFormat.JSON));
                send(producer, hostId, CODEC.encode(sample(hostId, runId, 2, null), WireFormat.AVRO));
                // seq 3 and 4 never arrive
                send(producer, hostId, CODEC.encode(sample(hostId, runId, 5, List.of(app, memfd)), WireFormat.JSON));
                producer.flush();
            }

            Scrape scrape = await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                    .until(() -> Scrape.of(metrics),
                            s -> s.value("memfleet_aggregator_host_samples_lost_total", "host", hostId).orElse(0) == 2
                                    // this host's three samples, and whatever earlier tests left on the topic
                                    && s.value("memfleet_aggregator_records_ingested_total", "type", "ProcessSample")
                                    .orElse(0) >= 3
                                    && s.sum("memfleet_aggregator_anomalies_total", "type", "FILELESS_EXEC",
                                    "status", "FIRING") >= 1);
            assertThat(scrape.value("memfleet_aggregator_host_last_seen_timestamp_seconds", "host", hostId)
                    .getAsDouble()).isGreaterThan(System.currentTimeMillis() / 1000.0 - 600);
            assertThat(scrape.value("memfleet_aggregator_hosts").getAsDouble()).isGreaterThanOrEqualTo(1);
            // Undecodable records are not sent here (they would trip other tests' plain consumers of the
            // shared topic): DeadLetterIT checks this counter's value.
            assertThat(scrape.value("memfleet_aggregator_dead_letters_total")).isPresent();
            assertThat(scrape.value("memfleet_aggregator_streams_state", "state", "RUNNING")).hasValue(1);
            assertThat(scrape.value("memfleet_aggregator_streams_state", "state", "REBALANCING")).hasValue(0);
            assertThat(scrape.type("jvm_memory_used_bytes")).isEqualTo("gauge");

            // Lag is the consumer's own, per partition of memfleet.samples, and drains to 0.
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                Scrape now = Scrape.of(metrics);
                assertThat(now.find("memfleet_aggregator_consumer_lag_records", "topic", Topics.SAMPLES))
                        .extracting(sample -> sample.labels().get("partition"))
                        .containsExactlyInAnyOrder("0", "1", "2");
                assertThat(now.sum("memfleet_aggregator_consumer_lag_records")).isZero();
            });

            // Requests are timed by route template: no host id or pid in a label.
            assertThat(AggregatorCluster.get(aggregator.httpUrl() + "/api/hosts/" + hostId, false).statusCode())
                    .isEqualTo(200);
            assertThat(AggregatorCluster.get(aggregator.httpUrl() + "/api/hosts/" + hostId + "/processes/900/history",
                    false).statusCode()).isEqualTo(404);
            assertThat(AggregatorCluster.get(aggregator.httpUrl() + "/no/such/path", false).statusCode())
                    .isEqualTo(404);
            Scrape timed = Scrape.of(metrics);
            String latency = "memfleet_aggregator_http_request_duration_seconds_count";
            assertThat(timed.value(latency, "route", "/api/hosts/{hostId}", "method", "GET", "code", "200")
                    .getAsDouble()).isGreaterThanOrEqualTo(1);
            assertThat(timed.value(latency, "route", "/api/hosts/{hostId}/processes/{pid}/history", "code", "404"))
                    .hasValue(1);
            assertThat(timed.value(latency, "route", "other", "code", "404")).hasValue(1);
            assertThat(timed.value(latency, "route", "/metrics", "code", "200").getAsDouble())
                    .isGreaterThanOrEqualTo(1);
            assertThat(timed.find("memfleet_aggregator_http_request_duration_seconds_count"))
                    .allSatisfy(sample -> assertThat(sample.labels().toString()).doesNotContain(hostId));

            Promtool.assertValid(timed.text());
        }
    }

    @Test
    @Timeout(120)
    void shouldGuardMetricsWithTheApiTokenWhenThereIsOne(TestKafka kafka, @TempDir Path dir) throws Exception {
        String token = "metrics-test-token-" + UUID.randomUUID();
        Path tokenFile = Files.writeString(dir.resolve("token"), token + "\n");
        Files.setPosixFilePermissions(tokenFile, PosixFilePermissions.fromString("rw-------"));
        Map<String, Object> settings = new HashMap<>();
        settings.put(AggregatorConfig.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
        settings.put(AggregatorConfig.APPLICATION_ID, "it-metrics-token-" + UUID.randomUUID());
        settings.put(AggregatorConfig.STATE_DIR, dir.resolve("state").toString());
        settings.put(AggregatorConfig.HTTP_PORT, 0);
        settings.put(AggregatorConfig.TOPIC_PARTITIONS, 3);
        settings.put(AggregatorConfig.HTTP_AUTH_TOKEN_FILE, tokenFile.toString());
        try (Aggregator aggregator = new Aggregator(new AggregatorConfig(settings))) {
            aggregator.start(); // metrics answer in every Streams state: no need to wait for RUNNING
            URI metrics = URI.create(aggregator.httpUrl() + "/metrics");
            HttpClient http = HttpClient.newHttpClient();

            assertThat(http.send(HttpRequest.newBuilder(metrics).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode()).as("no token").isEqualTo(401);
            HttpResponse<String> authorized = http.send(HttpRequest.newBuilder(metrics)
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(authorized.statusCode()).isEqualTo(200);
            Scrape scrape = Scrape.parse(authorized.body());
            assertThat(scrape.find("memfleet_aggregator_streams_state")).isNotEmpty();
            assertThat(scrape.value("memfleet_aggregator_http_request_duration_seconds_count", "route", "/metrics",
                    "code", "401")).as("refusals are timed too").hasValue(1);
        }
    }

    private static void send(KafkaProducer<String, byte[]> producer, String hostId, byte[] value) {
        producer.send(new ProducerRecord<>(Topics.SAMPLES, hostId, value));
    }

    private static ProcessSample sample(String hostId, String runId, long seq, List<Mapping> mappings) {
        return new ProcessSample(runId, seq, hostId, "boot-1", 4242, 77_000L, 1, "payload", 1000, "S", 1,
                System.currentTimeMillis(), 20_000L, 19_000L, 0L, 0L, 5_000L, 4_000L, 3_000L, 1_000L, 0L, 2_000L,
                132L, 4L, 1_000L, 40L, 0L, mappings == null ? 2 : mappings.size(), "digest-" + seq, mappings, null,
                null);
    }
}
