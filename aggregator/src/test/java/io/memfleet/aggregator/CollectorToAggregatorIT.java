package io.memfleet.aggregator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.memfleet.collector.CollectorCommand;
import io.memfleet.common.Cli;
import io.memfleet.schema.ProcessSample;
import io.memfleet.schema.SampleRecord;
import io.memfleet.schema.codec.WireFormat;
import io.memfleet.schema.kafka.SampleRecordSerde;
import io.memfleet.schema.kafka.Topics;
import io.memfleet.testkit.TestKafka;
import io.memfleet.testkit.WithKafka;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The foundation's end-to-end path on a real broker: {@code memfleet collector --once} samples this
 * machine, then the aggregator folds the samples and serves them; this JVM's own pid, name and
 * memory fields must arrive intact, in either wire format.
 */
@WithKafka
class CollectorToAggregatorIT {

    private static final long MY_PID = ProcessHandle.current().pid();
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    static void createTopics(TestKafka kafka) {
        TopicSetup.ensureTopics(kafka.admin(), 3, (short) -1);
    }

    @ParameterizedTest
    @EnumSource(WireFormat.class)
    @Timeout(180)
    void shouldDeliverThisJvmFromCollectorToTheAggregatorApi(WireFormat format, TestKafka kafka, @TempDir Path stateDir)
            throws Exception {
        String hostId = "it-host-" + UUID.randomUUID();

        int exit = Cli.commandLine(new CollectorCommand()).execute("--bootstrap-servers", kafka.bootstrapServers(),
                "--once", "--host-id", hostId, "--format", format.name().toLowerCase(), "--spool-dir",
                stateDir.resolve("spool").toString());
        assertThat(exit).isEqualTo(0);
        Map<String, String> statusNow = readStatus(Path.of("/proc/self/status"));

        ProcessSample published = publishedSampleOf(kafka, hostId, format);
        assertThat(published.name()).isEqualTo("java");
        assertThat(published.ppid()).isEqualTo(ProcessHandle.current().parent().orElseThrow().pid());
        assertThat(published.uid()).isEqualTo(Long.parseLong(statusNow.get("Uid").split("\\s+")[0]));
        assertThat(published.startTime()).isEqualTo(startTimeOfSelf());
        assertThat(published.mappings()).as("first sight sends the full mapping list").isNotEmpty();
        assertThat(published.mapCount()).isEqualTo(published.mappings().size());
        // Memory moves between sampling and now; the kernel's figure must be the same order of magnitude.
        assertThat(published.vmRssKb()).isBetween(kb(statusNow, "VmRSS") / 2, kb(statusNow, "VmRSS") * 2);
        assertThat(published.vmPeakKb()).isGreaterThanOrEqualTo(published.vmSizeKb());

        Map<String, Object> settings = new HashMap<>();
        settings.put(AggregatorConfig.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
        settings.put(AggregatorConfig.APPLICATION_ID, "it-aggregator-" + UUID.randomUUID());
        settings.put(AggregatorConfig.STATE_DIR, stateDir.resolve("streams").toString());
        settings.put(AggregatorConfig.HTTP_PORT, 0);
        settings.put(AggregatorConfig.TOPIC_PARTITIONS, 3);
        try (Aggregator aggregator = new Aggregator(new AggregatorConfig(settings))) {
            aggregator.start();
            assertThat(aggregator.awaitRunning(Duration.ofSeconds(90))).isTrue();

            JsonNode host = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> findHost(aggregator.httpUrl(), hostId), h -> h != null && h.get("processCount").asInt() > 0);
            assertThat(host.get("samplesLost").asLong()).isZero();
            assertThat(host.get("processCount").asInt()).isGreaterThan(1);

            JsonNode processes = get(aggregator.httpUrl() + "/api/hosts/" + hostId + "/processes", 200);
            JsonNode me = null;
            for (JsonNode process : processes) {
                if (process.get("pid").asLong() == MY_PID) {
                    me = process;
                }
            }
            assertThat(me).as("this JVM (pid %d) in %s", MY_PID, processes).isNotNull();
            assertThat(me.get("name").asText()).isEqualTo(published.name());
            assertThat(me.get("startTime").asLong()).isEqualTo(published.startTime());
            assertThat(me.get("vmRssKb").asLong()).isEqualTo(published.vmRssKb());
            assertThat(me.get("rssAnonKb").asLong()).isEqualTo(published.rssAnonKb());
            assertThat(me.get("vmSwapKb").asLong()).isEqualTo(published.vmSwapKb());
            assertThat(me.get("vmPteKb").asLong()).isEqualTo(published.vmPteKb());
            assertThat(me.get("mapCount").asInt()).isEqualTo(published.mapCount());

            get(aggregator.httpUrl() + "/api/hosts/no-such-host/processes", 404);
            get(aggregator.httpUrl() + "/api/hosts/" + hostId + "/processes?state=dead", 400);
            get(aggregator.httpUrl() + "/api/hosts/" + hostId + "/processes/x/y/z", 404);
            assertThat(get(aggregator.httpUrl() + "/api/hosts/" + hostId, 200).get("hostId").asText()).isEqualTo(hostId);
            assertThat(get(aggregator.httpUrl() + "/healthz", 200).get("status").asText()).isEqualTo("UP");
        }
    }

    private static long kb(Map<String, String> status, String field) {
        return Long.parseLong(status.get(field).replace("kB", "").trim());
    }

    private static Map<String, String> readStatus(Path file) throws Exception {
        Map<String, String> fields = new HashMap<>();
        for (String line : Files.readAllLines(file)) {
            int colon = line.indexOf(':');
            fields.put(line.substring(0, colon), line.substring(colon + 1).trim());
        }
        return fields;
    }

    private static long startTimeOfSelf() throws Exception {
        String stat = Files.readString(Path.of("/proc/self/stat"));
        String[] afterComm = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(afterComm[19]); // field 22 overall; fields 3.. follow the comm
    }

    /** Reads the topic with a plain consumer: what the collector published, before the aggregator saw it. */
    private static ProcessSample publishedSampleOf(TestKafka kafka, String hostId, WireFormat format) {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "it-reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, SampleRecord> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new SampleRecordSerde(format).deserializer())) {
            consumer.subscribe(List.of(Topics.SAMPLES));
            long deadline = System.currentTimeMillis() + 60_000;
            while (System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, SampleRecord> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.key().equals(hostId) && record.value() instanceof ProcessSample sample
                            && sample.pid() == MY_PID) {
                        assertThat(new String(record.headers().lastHeader(WireFormat.CONTENT_TYPE_HEADER).value()))
                                .isEqualTo(format.contentType());
                        return sample;
                    }
                }
            }
        }
        throw new AssertionError("no sample of pid " + MY_PID + " from host " + hostId + " on " + Topics.SAMPLES);
    }

    private JsonNode findHost(String baseUrl, String hostId) throws Exception {
        for (JsonNode host : get(baseUrl + "/api/hosts", 200)) {
            if (host.get("hostId").asText().equals(hostId)) {
                return host;
            }
        }
        return null;
    }

    private JsonNode get(String url, int expectedStatus) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET %s: %s", url, response.body()).isEqualTo(expectedStatus);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        return json.readTree(response.body());
    }
}
