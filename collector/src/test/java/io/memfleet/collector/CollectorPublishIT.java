package io.memfleet.collector;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.memfleet.common.Cli;
import io.memfleet.schema.HostHeartbeat;
import io.memfleet.schema.ProcessSample;
import io.memfleet.schema.SampleRecord;
import io.memfleet.schema.codec.RecordCodec;
import io.memfleet.schema.codec.WireFormat;
import io.memfleet.schema.kafka.Topics;
import io.memfleet.testkit.TestKafka;
import io.memfleet.testkit.WithKafka;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code memfleet collector --once} against a real broker: what lands on the topic, and what happens when it cannot. */
@WithKafka
class CollectorPublishIT {

    @BeforeAll
    static void createSamplesTopic(TestKafka kafka) {
        kafka.ensureTopic(Topics.SAMPLES, 3);
    }

    @Test
    @Timeout(120)
    void shouldPublishOneReadableJsonSamplePerProcessAndAClosingHeartbeat(TestKafka kafka, @TempDir Path spool)
            throws Exception {
        String hostId = "it-collector-" + UUID.randomUUID();

        int exit = Cli.commandLine(new CollectorCommand()).execute("--bootstrap-servers", kafka.bootstrapServers(),
                "--once", "--host-id", hostId, "--spool-dir", spool.toString());

        assertThat(exit).isEqualTo(0);
        List<ConsumerRecord<String, byte[]>> records = readHost(kafka, hostId);
        ObjectMapper plainJackson = new ObjectMapper();
        RecordCodec codec = new RecordCodec();
        List<SampleRecord> decoded = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            assertThat(new String(record.headers().lastHeader(WireFormat.CONTENT_TYPE_HEADER).value(),
                    StandardCharsets.UTF_8)).isEqualTo("application/json");
            JsonNode readable = plainJackson.readTree(record.value()); // what kcat | jq sees
            assertThat(readable.get("hostId").asText()).isEqualTo(hostId);
            decoded.add(codec.decodeSample(record.value(), null));
        }
        assertThat(decoded).extracting(SampleRecord::seq)
                .as("seq numbers the run's records without gaps")
                .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, decoded.size()).boxed().toList());
        assertThat(decoded.get(decoded.size() - 1)).isInstanceOf(HostHeartbeat.class);
        HostHeartbeat heartbeat = (HostHeartbeat) decoded.get(decoded.size() - 1);
        long samples = decoded.stream().filter(ProcessSample.class::isInstance).count();
        assertThat(heartbeat.processesSeen()).isEqualTo(samples);
        assertThat(decoded).filteredOn(ProcessSample.class::isInstance)
                .extracting(r -> ((ProcessSample) r).pid())
                .contains((int) ProcessHandle.current().pid());
    }

    @Test
    @Timeout(60)
    void shouldFailWithOneClearLineWhenTheBrokerIsUnreachable(@TempDir Path dir) throws Exception {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Path config = Files.writeString(dir.resolve("collector.properties"), "kafka.max.block.ms=2000\n");
        StringWriter err = new StringWriter();
        CommandLine commandLine = Cli.commandLine(new CollectorCommand());
        commandLine.setErr(new PrintWriter(err, true));

        int exit = commandLine.execute("--bootstrap-servers", "127.0.0.1:" + closedPort, "--once", "--host-id", "h",
                "--config", config.toString(), "--spool-dir", dir.resolve("spool").toString());

        assertThat(exit).isEqualTo(Cli.EXIT_FAILURE);
        assertThat(err.toString().strip()).doesNotContain("\n")
                .contains("127.0.0.1:" + closedPort).contains(Topics.SAMPLES).contains("is the broker up");
    }

    private static List<ConsumerRecord<String, byte[]>> readHost(TestKafka kafka, String hostId) {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<String, byte[]>> mine = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.SAMPLES));
            long deadline = System.currentTimeMillis() + 30_000;
            int idlePolls = 0;
            while (System.currentTimeMillis() < deadline && (mine.isEmpty() || idlePolls < 4)) {
                int before = mine.size();
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (hostId.equals(record.key())) {
                        mine.add(record);
                    }
                }
                idlePolls = mine.size() == before ? idlePolls + 1 : 0;
            }
        }
        return mine;
    }
}
