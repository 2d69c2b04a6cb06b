package io.memfleet.collector;

import static org.assertj.core.api.Assertions.assertThat;

import io.memfleet.schema.HostHeartbeat;
import io.memfleet.schema.SampleRecord;
import io.memfleet.schema.codec.WireFormat;
import io.memfleet.schema.kafka.SampleRecordSerde;
import io.memfleet.schema.kafka.Topics;
import io.memfleet.testkit.TestKafka;
import io.memfleet.testkit.WithKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The collector as systemd runs it, in its own JVM: SIGTERM flushes what is in flight and exits. */
@WithKafka
class CollectorShutdownIT {

    @Test
    @Timeout(120)
    void shouldDeliverEverythingItSampledWhenStoppedWithSigterm(TestKafka kafka, @TempDir Path dir) throws Exception {
        kafka.ensureTopic(Topics.SAMPLES, 3);
        String hostId = "it-sigterm-" + UUID.randomUUID();
        Path log = dir.resolve("collector.log");
        Process collector = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), CollectorMain.class.getName(),
                "--bootstrap-servers", kafka.bootstrapServers(), "--interval", "200ms", "--host-id", hostId,
                "--spool-dir", dir.resolve("spool").toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try (KafkaConsumer<String, SampleRecord> consumer = consumer(kafka)) {
            List<SampleRecord> received = new ArrayList<>();
            long deadline = System.currentTimeMillis() + 60_000;
            while (received.stream().filter(HostHeartbeat.class::isInstance).count() < 3
                    && System.currentTimeMillis() < deadline) {
                poll(consumer, hostId, received);
            }
            assertThat(received).as("the collector published three passes: %s", Files.readString(log)).isNotEmpty();

            collector.destroy(); // SIGTERM
            assertThat(collector.waitFor(60, TimeUnit.SECONDS)).as("exited after SIGTERM").isTrue();
            assertThat(collector.exitValue()).as(Files.readString(log)).isIn(0, 143);

            String output = Files.readString(log);
            assertThat(output).contains("Collector stopped").contains("0 left in the spool").contains("0 dropped");
            long lastSeq = 0;
            long idleUntil = System.currentTimeMillis() + 5_000;
            while (System.currentTimeMillis() < idleUntil) {
                poll(consumer, hostId, received);
            }
            List<Long> seqs = received.stream().map(SampleRecord::seq).toList();
            lastSeq = seqs.stream().mapToLong(Long::longValue).max().orElse(0);
            assertThat(seqs).as("every seq up to the last, once, in order")
                    .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, lastSeq).boxed().toList());
        } finally {
            collector.destroyForcibly();
        }
    }

    private static KafkaConsumer<String, SampleRecord> consumer(TestKafka kafka) {
        KafkaConsumer<String, SampleRecord> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new SampleRecordSerde(WireFormat.JSON).deserializer());
        consumer.subscribe(List.of(Topics.SAMPLES));
        return consumer;
    }

    private static void poll(KafkaConsumer<String, SampleRecord> consumer, String hostId, List<SampleRecord> into) {
        for (ConsumerRecord<String, SampleRecord> record : consumer.poll(Duration.ofMillis(200))) {
            if (hostId.equals(record.key())) {
                into.add(record.value());
            }
        }
    }
}
