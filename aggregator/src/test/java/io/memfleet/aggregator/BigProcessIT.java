package io.memfleet.aggregator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.memfleet.collector.Collector;
import io.memfleet.collector.CollectorConfig;
import io.memfleet.collector.procfs.ProcessSnapshot;
import io.memfleet.collector.procfs.ProcfsReader;
import io.memfleet.schema.ProcessSample;
import io.memfleet.schema.codec.RecordCodec;
import io.memfleet.schema.codec.WireFormat;
import io.memfleet.testkit.RequiredBinary;
import io.memfleet.testkit.TestKafka;
import io.memfleet.testkit.WithKafka;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real process of 65,000 mappings — a sample of it is megabytes, over Kafka's 1 MiB default —
 * arrives whole in the aggregator's API from a real collector in either format; and when it exits
 * while its host's collector is stopped, the next collector run's first pass closes it.
 */
@WithKafka
class BigProcessIT {

    /** Under vm.max_map_count (65,530 by default) with the program's own few mappings. */
    private static final int REGIONS = 65_000;

    @Test
    @Timeout(300)
    void shouldDeliverAProcessOf65000MappingsWholeInBothFormatsAndCloseItWhenItExitsUnseen(TestKafka kafka,
                                                                                         @TempDir Path dir)
            throws Exception {
        Path binary = compile(dir);
        TopicSetup.ensureTopics(kafka.admin(), 3, (short) -1);
        Map<String, Object> settings = new HashMap<>();
        settings.put(AggregatorConfig.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
        settings.put(AggregatorConfig.APPLICATION_ID, "it-big-" + UUID.randomUUID());
        settings.put(AggregatorConfig.STATE_DIR, dir.resolve("state").toString());
        settings.put(AggregatorConfig.HTTP_PORT, 0);
        settings.put(AggregatorConfig.TOPIC_PARTITIONS, 3);
        Process child = new ProcessBuilder(binary.toString(), Integer.toString(REGIONS)).start();
        try (Aggregator aggregator = new Aggregator(new AggregatorConfig(settings))) {
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            assertThat(out.readLine()).isEqualTo("ready");
            int pid = (int) child.pid();
            int mapCount = printSizes(pid);
            assertThat(mapCount).isGreaterThanOrEqualTo(REGIONS);
            aggregator.start();
            assertThat(aggregator.awaitRunning(Duration.ofSeconds(90))).isTrue();

            String jsonHost = "it-big-json-" + UUID.randomUUID();
            try (Collector collector = collector(kafka, dir, jsonHost, WireFormat.JSON)) {
                collector.start();
                assertArrivesWhole(aggregator, jsonHost, pid, mapCount);
            }
            String avroHost = "it-big-avro-" + UUID.randomUUID();
            try (Collector collector = collector(kafka, dir, avroHost, WireFormat.AVRO)) {
                collector.start();
                assertArrivesWhole(aggregator, avroHost, pid, mapCount);
            }

            // The JSON host's collector is stopped; the process exits; a new collector run starts.
            child.getOutputStream().close();
            assertThat(child.waitFor()).isZero();
            try (Collector collector = collector(kafka, dir, jsonHost, WireFormat.JSON)) {
                collector.start();
                JsonNode closed = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300))
                        .until(() -> process(aggregator, jsonHost, pid, "?state=all"),
                                p -> p != null && p.hasNonNull("exitedAt"));
                assertThat(closed.get("exitedAt").asText()).as("the last time it was seen alive")
                        .isEqualTo(closed.get("lastSeen").asText());
                assertThat(process(aggregator, jsonHost, pid, "")).as("no longer among the live").isNull();
            }
        } finally {
            child.destroyForcibly();
        }
    }

    private static void assertArrivesWhole(Aggregator aggregator, String hostId, int pid, int mapCount) {
        JsonNode process = await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                .until(() -> process(aggregator, hostId, pid, ""),
                        p -> p != null && !p.get("mappingsOutOfSync").asBoolean());
        assertThat(process.get("mapCount").asInt()).isEqualTo(mapCount);
        JsonNode mappings = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> AggregatorCluster.json(AggregatorCluster.get(aggregator.httpUrl() + "/api/hosts/"
                        + hostId + "/processes/" + pid + "/mappings", false)).get("mappings"),
                        m -> m != null && m.size() == mapCount);
        assertThat(mappings.size()).isEqualTo(mapCount);
    }

    private static JsonNode process(Aggregator aggregator, String hostId, int pid, String query) throws Exception {
        var response = AggregatorCluster.get(aggregator.httpUrl() + "/api/hosts/" + hostId + "/processes" + query,
                false);
        if (response.statusCode() != 200) {
            return null;
        }
        for (JsonNode process : AggregatorCluster.json(response)) {
            if (process.get("pid").asInt() == pid) {
                return process;
            }
        }
        return null;
    }

    private static Collector collector(TestKafka kafka, Path dir, String hostId, WireFormat format) {
        Map<String, Object> settings = new HashMap<>();
        settings.put(CollectorConfig.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
        settings.put(CollectorConfig.HOST_ID, hostId);
        settings.put(CollectorConfig.FORMAT, format.name().toLowerCase(java.util.Locale.ROOT));
        settings.put(CollectorConfig.INTERVAL_MS, 2_000L);
        settings.put(CollectorConfig.SPOOL_DIR, dir.resolve("spool-" + hostId).toString());
        settings.put(CollectorConfig.INCLUDE_NAMES, "e2e-manymaps");
        return new Collector(new CollectorConfig(settings));
    }

    /** What one record would have been before lists were split: printed for the documentation. */
    private static int printSizes(int pid) throws Exception {
        ProcessSnapshot snapshot = new ProcfsReader().read(pid);
        ProcessSample whole = new ProcessSample("r", 1, "h", "b", pid, 1, 1, "e2e-manymaps", 0, "S", 1, 0, null, null,
                null, null, null, null, null, null, null, null, null, null, null, null, null,
                snapshot.mappings().size(), snapshot.mapsDigest(), snapshot.mappings(), null, null);
        RecordCodec codec = new RecordCodec();
        System.out.printf("a process of %,d mappings: one sample would be %,d bytes of JSON, %,d of Avro%n",
                snapshot.mappings().size(), codec.encode(whole, WireFormat.JSON).length,
                codec.encode(whole, WireFormat.AVRO).length);
        return snapshot.mappings().size();
    }

    private static Path compile(Path dir) throws Exception {
        Path source = dir.resolve("many_maps.c");
        try (InputStream in = BigProcessIT.class.getResourceAsStream("/e2e/many_maps.c")) {
            Files.copy(in, source);
        }
        Path binary = dir.resolve("many_maps");
        Process cc = new ProcessBuilder(RequiredBinary.cCompiler(), "-O1", "-o", binary.toString(), source.toString())
                .redirectErrorStream(true).start();
        String output = new String(cc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(cc.waitFor()).as(output).isZero();
        return binary;
    }
}
