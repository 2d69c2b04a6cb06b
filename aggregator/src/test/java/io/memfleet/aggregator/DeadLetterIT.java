package io.memfleet.aggregator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.memfleet.aggregator.errors.DeadLetterCounter;
import io.memfleet.aggregator.errors.DeadLetterHandler;
import io.memfleet.schema.ProcessSample;
import io.memfleet.schema.codec.RecordCodec;
import io.memfleet.schema.codec.RecordDecodeException;
import io.memfleet.schema.codec.WireFormat;
import io.memfleet.schema.kafka.Topics;
import io.memfleet.testkit.TestKafka;
import io.memfleet.testkit.WithKafka;
import io.memfleet.testkit.metrics.Scrape;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 4 on a real broker: bad records on {@code memfleet.samples} (garbage, truncated Avro, JSON
 * of the wrong shape, Avro of an unknown schema version) between good ones. The aggregator stays
 * RUNNING, folds the good ones, sends each bad one byte for byte to {@code memfleet.samples.dlq}
 * with a header saying what was wrong, and counts it.
 */
@WithKafka
class DeadLetterIT {

    private static final int PARTITIONS = 3;
    private static final RecordCodec CODEC = new RecordCodec();

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    static void createTopics(TestKafka kafka) {
        TopicSetup.ensureTopics(kafka.admin(), PARTITIONS, (short) -1);
    }

    /** What one bad record is, and what its dead letter's message header must say. */
    private record Bad(String what, byte[] payload, String contentType, String reason) {
    }

    @Test
    @Timeout(180)
    void shouldDeadLetterEachUndecodableRecordAndKeepFoldingTheGoodOnes(TestKafka kafka, @TempDir Path stateDir)
            throws Exception {
        String hostId = "it-dlq-" + UUID.randomUUID();
        String runId = "run-" + UUID.randomUUID();
        String applicationId = "it-dlq-aggregator-" + UUID.randomUUID();

        byte[] avro = CODEC.encode(sample(hostId, runId, 1, 900), WireFormat.AVRO);
        byte[] unknownVersion = avro.clone();
        unknownVersion[6] ^= 0x5a; // a fingerprint byte (2..9): written with a schema this reader never saw
        String wrongShape = new String(CODEC.encode(sample(hostId, runId, 1, 901), WireFormat.JSON),
                StandardCharsets.UTF_8).replace("\"pid\":901", "\"pid\":\"x\"");
        assertThat(wrongShape).contains("\"pid\":\"x\"");
        List<Bad> bad = List.of(
                new Bad("garbage", new byte[] {0x00, 0x13, 0x37, (byte) 0xFF, 0x7F, 0x01}, null,
                        "neither Avro single-object encoding nor a JSON object"),
                new Bad("truncated Avro", Arrays.copyOf(avro, avro.length / 2), WireFormat.AVRO.contentType(),
                        "malformed Avro ProcessSample (" + avro.length / 2 + " bytes)"),
                new Bad("JSON of the wrong shape", wrongShape.getBytes(StandardCharsets.UTF_8),
                        WireFormat.JSON.contentType(), "JSON does not fit ProcessSample"),
                new Bad("unknown schema version", unknownVersion, null, "unknown Avro schema fingerprint"));
        long badAlreadyThere = undecodableRecordsOn(kafka); // 0 on a fresh broker; a reused cluster may hold some

        Map<String, Object> settings = new HashMap<>();
        settings.put(AggregatorConfig.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
        settings.put(AggregatorConfig.APPLICATION_ID, applicationId);
        settings.put(AggregatorConfig.STATE_DIR, stateDir.resolve("streams").toString());
        settings.put(AggregatorConfig.HTTP_PORT, 0);
        settings.put(AggregatorConfig.TOPIC_PARTITIONS, PARTITIONS);
        AggregatorConfig config = new AggregatorConfig(settings);
        Properties streamsProps = Aggregator.streamsProperties(config);
        assertThat(streamsProps.get(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG))
                .isEqualTo(DeadLetterHandler.class);
        assertThat(streamsProps.get(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG))
                .isEqualTo(Topics.SAMPLES_DEAD_LETTER);
        assertThat(partitionsOf(kafka, Topics.SAMPLES_DEAD_LETTER)).as("as many partitions as the samples topic")
                .isEqualTo(partitionsOf(kafka, Topics.SAMPLES));

        try (Aggregator aggregator = new Aggregator(config)) {
            aggregator.start();
            assertThat(aggregator.awaitRunning(Duration.ofSeconds(90))).isTrue();
            DeadLetterCounter counter = DeadLetterCounter.forApplication(applicationId);

            try (KafkaProducer<String, byte[]> producer = producer(kafka)) {
                int pid = 100;
                for (Bad one : bad) { // good, bad, good, bad, ..., good
                    send(producer, hostId, CODEC.encode(sample(hostId, runId, pid - 99, pid), WireFormat.AVRO),
                            WireFormat.AVRO.contentType());
                    send(producer, hostId, one.payload(), one.contentType());
                    pid++;
                }
                send(producer, hostId, CODEC.encode(sample(hostId, runId, pid - 99, pid), WireFormat.JSON),
                        WireFormat.JSON.contentType());
                producer.flush();
            }

            JsonNode processes = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> processesOf(aggregator.httpUrl(), hostId), p -> p != null && p.size() == 5);
            List<Integer> pids = new ArrayList<>();
            processes.forEach(p -> pids.add(p.get("pid").asInt()));
            assertThat(pids).containsExactly(100, 101, 102, 103, 104);
            JsonNode host = get(aggregator.httpUrl() + "/api/hosts/" + hostId, 200);
            assertThat(host.get("samplesLost").asLong()).as("the good records' seq has no gap").isZero();

            List<ConsumerRecord<String, byte[]>> deadLetters = deadLettersOf(kafka, hostId, bad.size());
            for (int i = 0; i < bad.size(); i++) {
                Bad expected = bad.get(i);
                ConsumerRecord<String, byte[]> dead = deadLetters.get(i);
                assertThat(dead.value()).as("%s, byte for byte", expected.what()).isEqualTo(expected.payload());
                assertThat(header(dead, "__streams.errors.message")).as(expected.what()).contains(expected.reason());
                assertThat(header(dead, "__streams.errors.exception"))
                        .isEqualTo("org.apache.kafka.common.errors.SerializationException");
                assertThat(header(dead, "__streams.errors.topic")).isEqualTo(Topics.SAMPLES);
                assertThat(header(dead, "__streams.errors.partition"))
                        .as("a dead letter keeps its key, so it lands in the partition of the same number")
                        .isEqualTo(String.valueOf(dead.partition()));
                assertThat(header(dead, "__streams.errors.offset")).matches("\\d+");
                assertThat(header(dead, WireFormat.CONTENT_TYPE_HEADER)).isEqualTo(expected.contentType());
            }
            System.out.println("A dead letter's headers: " + describe(deadLetters.get(3)));

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(counter.count()).isEqualTo(badAlreadyThere + bad.size()));
            Scrape metrics = Scrape.of(aggregator.httpUrl() + "/metrics");
            assertThat(metrics.value("memfleet_aggregator_dead_letters_total")).as("GET /metrics")
                    .hasValue(badAlreadyThere + bad.size());
            assertThat(metrics.value("memfleet_aggregator_dead_letters_lost_total")).hasValue(0);
            assertThat(aggregator.awaitRunning(Duration.ofSeconds(1))).as("still RUNNING").isTrue();
            assertThat(get(aggregator.httpUrl() + "/healthz", 200).get("status").asText()).isEqualTo("UP");
        }
    }

    /**
     * A bad record near the size limit: Kafka Streams' error headers (about 2.5 KB, mostly the stack
     * trace) would take its dead letter over {@code max.request.size}, which under exactly-once stops
     * the aggregator, and again at every restart. It goes without its stack trace instead, or, when
     * even that is too large, is dropped and counted as lost.
     */
    @Test
    @Timeout(180)
    void shouldKeepRunningWhenADeadLetterWouldOutgrowTheRequestSizeLimit(TestKafka kafka, @TempDir Path stateDir)
            throws Exception {
        String hostId = "it-dlq-large-" + UUID.randomUUID();
        String applicationId = "it-dlq-large-aggregator-" + UUID.randomUUID();
        byte[] nearTheLimit = new byte[1_048_000]; // fits once the stack trace header is left off
        Arrays.fill(nearTheLimit, (byte) 7);
        byte[] atTheLimit = new byte[1_048_400]; // does not fit even then
        Arrays.fill(atTheLimit, (byte) 8);

        Map<String, Object> settings = new HashMap<>();
        settings.put(AggregatorConfig.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
        settings.put(AggregatorConfig.APPLICATION_ID, applicationId);
        settings.put(AggregatorConfig.STATE_DIR, stateDir.resolve("streams").toString());
        settings.put(AggregatorConfig.HTTP_PORT, 0);
        settings.put(AggregatorConfig.TOPIC_PARTITIONS, PARTITIONS);
        try (Aggregator aggregator = new Aggregator(new AggregatorConfig(settings))) {
            aggregator.start();
            assertThat(aggregator.awaitRunning(Duration.ofSeconds(90))).isTrue();
            try (KafkaProducer<String, byte[]> producer = producer(kafka)) {
                send(producer, hostId, nearTheLimit, null);
                send(producer, hostId, atTheLimit, null);
                send(producer, hostId, CODEC.encode(sample(hostId, "run-large", 1, 4242), WireFormat.JSON),
                        WireFormat.JSON.contentType());
            }

            JsonNode processes = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> processesOf(aggregator.httpUrl(), hostId), p -> p != null && p.size() == 1);
            assertThat(processes.get(0).get("pid").asInt()).as("the good record after them is folded").isEqualTo(4242);
            ConsumerRecord<String, byte[]> dead = deadLettersOf(kafka, hostId, 1).get(0);
            assertThat(dead.value()).isEqualTo(nearTheLimit);
            assertThat(header(dead, "__streams.errors.message"))
                    .contains("neither Avro single-object encoding nor a JSON object");
            assertThat(dead.headers().lastHeader("__streams.errors.stacktrace")).isNull();
            DeadLetterCounter counter = DeadLetterCounter.forApplication(applicationId);
            assertThat(counter.lost()).isEqualTo(1);
            assertThat(counter.count()).isGreaterThanOrEqualTo(2);
            assertThat(Scrape.of(aggregator.httpUrl() + "/metrics").value("memfleet_aggregator_dead_letters_lost_total"))
                    .as("GET /metrics").hasValue(1);
            assertThat(aggregator.awaitFailure(1, TimeUnit.MILLISECONDS)).isFalse();
            assertThat(aggregator.awaitRunning(Duration.ofSeconds(1))).as("still RUNNING").isTrue();
        }
    }

    private static ProcessSample sample(String hostId, String runId, long seq, int pid) {
        return new ProcessSample(runId, seq, hostId, "boot-1", pid, 1_000L + pid, 1, "proc-" + pid, 1000, "S", 1,
                System.currentTimeMillis(), 20_000L, 19_000L, 0L, 0L, 5_000L, 4_000L, 3_000L, 1_000L, 0L, 2_000L,
                132L, 4L, 1_000L, 40L, 0L, 0, "0123456789abcdef0123456789abcdef", List.of(), null, null);
    }

    private static KafkaProducer<String, byte[]> producer(TestKafka kafka) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());
    }

    private static void send(KafkaProducer<String, byte[]> producer, String key, byte[] value, String contentType)
            throws Exception {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.SAMPLES, key, value);
        if (contentType != null) {
            record.headers().add(WireFormat.CONTENT_TYPE_HEADER, contentType.getBytes(StandardCharsets.UTF_8));
        }
        producer.send(record).get(30, TimeUnit.SECONDS); // one at a time: the interleaving is the test
    }

    /** Reads the samples topic to its end and counts what the aggregator's decoder would reject. */
    private static long undecodableRecordsOn(TestKafka kafka) {
        long bad = 0;
        try (KafkaConsumer<String, byte[]> consumer = consumer(kafka)) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.SAMPLES).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.value() == null) {
                        continue;
                    }
                    try {
                        CODEC.decodeSample(record.value(), header(record, WireFormat.CONTENT_TYPE_HEADER));
                    } catch (RecordDecodeException e) {
                        bad++;
                    }
                }
            }
        }
        return bad;
    }

    /** The dead letters keyed by this test's host, in order (one key, one partition). */
    private static List<ConsumerRecord<String, byte[]>> deadLettersOf(TestKafka kafka, String hostId, int expected) {
        List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = consumer(kafka)) {
            consumer.subscribe(List.of(Topics.SAMPLES_DEAD_LETTER));
            long deadline = System.currentTimeMillis() + 60_000;
            while (found.size() < expected && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (hostId.equals(record.key())) {
                        found.add(record);
                    }
                }
            }
            // Anything more would be a record dead-lettered twice; give it a moment to show up.
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofSeconds(2))) {
                if (hostId.equals(record.key())) {
                    found.add(record);
                }
            }
        }
        assertThat(found).as("dead letters of host %s on %s", hostId, Topics.SAMPLES_DEAD_LETTER).hasSize(expected);
        return found;
    }

    private static KafkaConsumer<String, byte[]> consumer(TestKafka kafka) {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "it-dlq-reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                // The aggregator writes dead letters in its exactly-once transactions.
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), new ByteArrayDeserializer());
    }

    private static int partitionsOf(TestKafka kafka, String topic) throws Exception {
        return kafka.admin().describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic)
                .partitions().size();
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static String describe(ConsumerRecord<String, byte[]> record) {
        StringBuilder out = new StringBuilder("key=" + record.key() + " partition=" + record.partition());
        for (Header h : record.headers()) {
            String value = new String(h.value(), StandardCharsets.UTF_8);
            if (h.key().equals("__streams.errors.stacktrace")) {
                value = value.lines().findFirst().orElse("") + " ...(" + value.lines().count() + " lines)";
            }
            out.append("\n  ").append(h.key()).append(": ").append(value);
        }
        return out.toString();
    }

    private JsonNode processesOf(String baseUrl, String hostId) throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(baseUrl + "/api/hosts/" + hostId + "/processes")).build(),
                HttpResponse.BodyHandlers.ofString());
        return response.statusCode() == 200 ? json.readTree(response.body()) : null;
    }

    private JsonNode get(String url, int expectedStatus) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET %s: %s", url, response.body()).isEqualTo(expectedStatus);
        return json.readTree(response.body());
    }
}
