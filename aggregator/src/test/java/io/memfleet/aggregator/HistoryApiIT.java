package io.memfleet.aggregator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.memfleet.schema.Mapping;
import io.memfleet.schema.ProcessExit;
import io.memfleet.schema.ProcessSample;
import io.memfleet.schema.SampleRecord;
import io.memfleet.schema.codec.WireFormat;
import io.memfleet.schema.kafka.SampleRecordSerde;
import io.memfleet.schema.kafka.Topics;
import io.memfleet.testkit.TestKafka;
import io.memfleet.testkit.WithKafka;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The history API on a real broker: a host whose pid 4242 ran one process that exited, then a
 * second one whose heap grew; queries by time pick the right one and rebuild its mappings.
 */
@WithKafka
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HistoryApiIT {

    private static final int PID = 4242;
    /** Half an hour ago, on a 5-minute boundary, so buckets of the thinned answers hold whole minutes. */
    private static final long T0 = Instant.now().minus(Duration.ofMinutes(30)).toEpochMilli() / 300_000 * 300_000;
    private static final Mapping CODE = Mapping.of(0x400000, 0x401000, "r-xp", 0, "fd:01", 7, "/usr/bin/app");
    private static final Mapping HEAP = Mapping.of(0x1000000, 0x1100000, "rw-p", 0, "00:00", 0, "[heap]");
    private static final Mapping BIGGER_HEAP = Mapping.of(0x1000000, 0x1400000, "rw-p", 0, "00:00", 0, "[heap]");

    private final String hostId = "it-history " + UUID.randomUUID(); // a space: ids are URL-encoded
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private Aggregator aggregator;

    @BeforeAll
    void start(TestKafka kafka, @TempDir Path stateDir) throws Exception {
        TopicSetup.ensureTopics(kafka.admin(), 3, (short) -1);
        try (KafkaProducer<String, SampleRecord> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()), new StringSerializer(),
                new SampleRecordSerde(WireFormat.AVRO).serializer())) {
            long seq = 0;
            // The first process with pid 4242: starts at T0, exits at T0 + 2 min.
            send(producer, sample(++seq, 100, T0, 1_000, List.of(CODE, HEAP)));
            send(producer, sample(++seq, 100, T0 + 60_000, 1_100, null));
            send(producer, new ProcessExit("run", ++seq, hostId, "boot", PID, 100, "app", T0 + 120_000));
            // The pid is reused: a new process from T0 + 5 min whose heap grows at T0 + 7 min.
            for (int i = 0; i < 10; i++) {
                long at = T0 + 300_000 + i * 60_000L;
                List<Mapping> mappings = i == 0 ? List.of(CODE, HEAP) : i == 2 ? List.of(CODE, BIGGER_HEAP) : null;
                send(producer, sample(++seq, 900, at, 2_000 + i * 100L, mappings));
            }
            producer.flush();
        }
        Map<String, Object> settings = new HashMap<>();
        settings.put(AggregatorConfig.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
        settings.put(AggregatorConfig.APPLICATION_ID, "it-history-" + UUID.randomUUID());
        settings.put(AggregatorConfig.STATE_DIR, stateDir.toString());
        settings.put(AggregatorConfig.HTTP_PORT, 0);
        settings.put(AggregatorConfig.TOPIC_PARTITIONS, 3);
        aggregator = new Aggregator(new AggregatorConfig(settings));
        aggregator.start();
        assertThat(aggregator.awaitRunning(Duration.ofSeconds(90))).isTrue();
        await().atMost(Duration.ofSeconds(60)).until(() -> status(path("/history?from=" + iso(T0))) == 200
                && get(path("/history?from=" + iso(T0)), 200).get("points").size() == 10);
    }

    @AfterAll
    void stop() {
        if (aggregator != null) {
            aggregator.close();
        }
    }

    private void send(KafkaProducer<String, SampleRecord> producer, SampleRecord record) {
        producer.send(new ProducerRecord<>(Topics.SAMPLES, hostId, record));
    }

    private ProcessSample sample(long seq, long startTime, long at, long rssKb, List<Mapping> mappings) {
        return new ProcessSample("run", seq, hostId, "boot", PID, startTime, 1, "app", 1000, "S", 2, at, null, null,
                null, null, null, rssKb, rssKb - 100, 100L, 0L, null, null, null, null, null, 0L, 2,
                mappings == null || mappings.contains(HEAP) ? "d1" : "d2", mappings, null, null);
    }

    @Test
    @Timeout(60)
    void shouldAnswerRawHistoryOfTheProcessAliveAtTo() throws Exception {
        JsonNode history = get(path("/history?fields=vmRssKb&from=" + iso(T0)), 200);

        assertThat(history.get("startTime").asLong()).as("the pid's current process").isEqualTo(900);
        assertThat(history.get("resolution").asText()).isEqualTo("raw");
        assertThat(history.get("points")).hasSize(10);
        assertThat(history.get("points").get(0).get("t").asText()).isEqualTo(iso(T0 + 300_000));
        assertThat(history.get("points").get(9).get("vmRssKb").asLong()).isEqualTo(2_900);
        assertThat(history.get("points").get(0).has("rssAnonKb")).as("only the fields asked for").isFalse();
    }

    @Test
    @Timeout(60)
    void shouldPickTheExitedProcessByTimeOrStartTime() throws Exception {
        JsonNode byTime = get(path("/history?from=" + iso(T0) + "&to=" + iso(T0 + 90_000)), 200);
        assertThat(byTime.get("startTime").asLong()).isEqualTo(100);
        assertThat(byTime.get("points")).hasSize(2);

        JsonNode byStart = get(path("/history?startTime=100&from=" + iso(T0)), 200);
        assertThat(byStart.get("points").get(1).get("vmRssKb").asLong()).isEqualTo(1_100);
    }

    @Test
    @Timeout(60)
    void shouldThinToMaxPointsWithMinMaxAvg() throws Exception {
        JsonNode history = get(path("/history?fields=vmRssKb&maxPoints=2&from=" + iso(T0 + 300_000) + "&to="
                + iso(T0 + 899_999)), 200);

        assertThat(history.get("resolution").asText()).isEqualTo("PT5M");
        assertThat(history.get("points")).hasSize(2);
        JsonNode first = history.get("points").get(0).get("vmRssKb");
        assertThat(first.get("min").asLong()).isEqualTo(2_000);
        assertThat(first.get("max").asLong()).isEqualTo(2_400);
        assertThat(first.get("avg").asDouble()).isEqualTo(2_200.0);
    }

    @Test
    @Timeout(60)
    void shouldAnswerOlderRangesFromRollupsIncludingTheBucketStillOpen() throws Exception {
        // From two days back: past the raw retention, so from the 5-minute rollups.
        JsonNode history = get(path("/history?fields=vmRssKb&from=" + iso(T0 - 2 * 86_400_000L) + "&to="
                + iso(T0 + 900_000)), 200);

        assertThat(history.get("resolution").asText()).isEqualTo("PT5M");
        JsonNode points = history.get("points");
        assertThat(points).hasSize(2);
        assertThat(points.get(0).get("t").asText()).isEqualTo(iso(T0 + 300_000));
        assertThat(points.get(0).get("samples").asLong()).as("stored when the next bucket began").isEqualTo(5);
        assertThat(points.get(1).get("t").asText()).isEqualTo(iso(T0 + 600_000));
        assertThat(points.get(1).get("samples").asLong()).as("still open, in the process's state").isEqualTo(5);
        assertThat(points.get(1).get("vmRssKb").get("max").asLong()).isEqualTo(2_900);
    }

    @Test
    @Timeout(60)
    void shouldRebuildTheMappingSetAtATimeAndListTheChanges() throws Exception {
        JsonNode before = get(path("/mappings?at=" + iso(T0 + 400_000)), 200);
        assertThat(before.get("mappings").findValuesAsText("end")).containsExactly("401000", "1100000");

        JsonNode after = get(path("/mappings"), 200);
        assertThat(after.get("mappings").findValuesAsText("end")).containsExactly("401000", "1400000");

        JsonNode changes = get(path("/mappings/changes?from=" + iso(T0 + 300_000)), 200);
        assertThat(changes.get("changes")).hasSize(2);
        JsonNode grew = changes.get("changes").get(1);
        assertThat(grew.get("t").asText()).isEqualTo(iso(T0 + 420_000));
        assertThat(grew.get("added").get(0).get("end").asText()).isEqualTo("1400000");
        assertThat(grew.get("removed").get(0).get("end").asText()).isEqualTo("1100000");
    }

    @Test
    @Timeout(60)
    void shouldRejectBadParametersByName() throws Exception {
        assertThat(get(path("/history?from=yesterday"), 400).get("error").asText()).contains("from='yesterday'");
        assertThat(get(path("/history?fields=vmRss"), 400).get("error").asText()).contains("unknown field 'vmRss'");
        assertThat(get(path("/history?maxPoints=0"), 400).get("error").asText()).contains("maxPoints");
        assertThat(get(path("/history?from=" + iso(T0 + 60_000) + "&to=" + iso(T0)), 400).get("error").asText())
                .contains("from is after to");
        assertThat(get(path("/history?from=2000-01-01T00:00:00Z"), 400).get("error").asText()).contains("retention");
        assertThat(get(path("/history?startTime=abc"), 400).get("error").asText()).contains("startTime");
        assertThat(get(base() + "/processes/0/history", 400).get("error").asText()).contains("bad pid");
        assertThat(get(base() + "/processes/99999/history", 404).get("error").asText()).contains("no process 99999");
        get(aggregator.httpUrl() + "/api/hosts/" + encode("nobody") + "/processes/1/history", 404);
    }

    @Test
    @Timeout(60)
    void shouldAnswerHostileRequestsWithA4xxJsonErrorAndNothingElse() throws Exception {
        String api = aggregator.httpUrl();
        // Path traversal, encoded or not: no such resource, never a file or another route.
        for (String tail : List.of("/api/hosts/..%2F..%2Fetc%2Fpasswd", "/api/hosts/%2e%2e/processes",
                "/api/../../etc/passwd", "/api/hosts/" + encode(hostId) + "/processes/" + PID + "/history/..%2F..",
                "/etc/passwd", "/api/hosts/" + encode(hostId) + "/processes/" + PID + "/../../../../healthz/x")) {
            JsonNode error = get(api + tail, 404);
            assertThat(error.get("status").asInt()).as(tail).isEqualTo(404);
        }
        // Not UTF-8 (a lone continuation byte, an overlong NUL) and control characters in ids.
        get(api + "/api/hosts/%C3%28", 404);
        get(api + "/api/hosts/%C0%80/processes", 404);
        get(api + "/api/hosts/a%00b", 404);
        assertThat(get(path("/history?fields=%FF%FE"), 400).get("error").asText()).contains("unknown field");
        // Numbers out of every range, and ranges too long for the store.
        get(base() + "/processes/99999999999999999999/history", 400);
        get(base() + "/processes/-1/history", 400);
        assertThat(get(path("/history?maxPoints=1000000000"), 400).get("error").asText()).contains("maxPoints");
        assertThat(get(path("/history?from=-999999999-01-01T00:00:00Z"), 400).get("error").asText())
                .contains("from");
        assertThat(get(path("/history?to=+999999999-12-31T23:59:59Z"), 400).get("error").asText()).contains("to");
        assertThat(get(path("/history?from=0000-01-01T00:00:00Z&to=9999-12-31T23:59:59Z"), 400).get("error")
                .asText()).contains("retention");
        // A huge request target is refused before any work, and the server stays up.
        assertThat(get(path("/history?fields=" + "vmRssKb,".repeat(20_000) + "vmRssKb"), 414).get("error")
                .asText()).contains("at most 8192");
        get(api + "/healthz", 200);
        // Another method than GET.
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create(api + "/api/hosts"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(json.readTree(post.body()).get("error").asText()).contains("GET");
    }

    private String base() {
        return aggregator.httpUrl() + "/api/hosts/" + encode(hostId);
    }

    private String path(String tail) {
        return base() + "/processes/" + PID + tail;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String iso(long millis) {
        return Instant.ofEpochMilli(millis).toString();
    }

    private int status(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    private JsonNode get(String url, int expectedStatus) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET %s: %s", url, response.body()).isEqualTo(expectedStatus);
        return json.readTree(response.body());
    }
}
