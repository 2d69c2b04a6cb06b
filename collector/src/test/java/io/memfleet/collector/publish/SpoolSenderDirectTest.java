package io.memfleet.collector.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Records the spool could not write, sent straight to Kafka: on the sender thread, counted either way. */
@Timeout(30)
class SpoolSenderDirectTest {

    @TempDir
    Path dir;

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void shouldSendStraightAndCountItAcknowledged() throws Exception {
        MockProducer<byte[], byte[]> producer = new MockProducer<>(true, null, new ByteArraySerializer(),
                new ByteArraySerializer());
        AtomicLong lost = new AtomicLong();
        try (Spool spool = new Spool(dir, 1024 * 1024)) {
            SpoolSender sender = new SpoolSender(spool, producer, "test:9092", line -> { });
            Thread thread = new Thread(sender);
            thread.start();
            try {
                assertThat(sender.sendDirect(bytes("host"), "application/json", bytes("one"), lost::incrementAndGet))
                        .isTrue();
                await().atMost(Duration.ofSeconds(5)).until(() -> sender.acknowledged.get() == 1);
                assertThat(producer.history()).singleElement().extracting(r -> new String(r.value(),
                        StandardCharsets.UTF_8)).isEqualTo("one");
                assertThat(lost).hasValue(0);
            } finally {
                sender.stop();
                thread.join();
            }
        }
    }

    @Test
    void shouldCountARecordKafkaDidNotTakeAsLostAndProbeOneAtATime() throws Exception {
        MockProducer<byte[], byte[]> producer = new MockProducer<>(false, null, new ByteArraySerializer(),
                new ByteArraySerializer());
        AtomicLong lost = new AtomicLong();
        try (Spool spool = new Spool(dir, 1024 * 1024)) {
            SpoolSender sender = new SpoolSender(spool, producer, "test:9092", line -> { });
            Thread thread = new Thread(sender);
            thread.start();
            try {
                assertThat(sender.sendDirect(bytes("host"), "application/json", bytes("one"), lost::incrementAndGet))
                        .isTrue();
                await().atMost(Duration.ofSeconds(5)).until(() -> producer.history().size() == 1);
                producer.errorNext(new TimeoutException("broker down"));
                assertThat(lost).hasValue(1);

                assertThat(sender.sendDirect(bytes("host"), "application/json", bytes("probe"), lost::incrementAndGet))
                        .as("one record goes, to see whether Kafka is back").isTrue();
                assertThat(sender.sendDirect(bytes("host"), "application/json", bytes("more"), lost::incrementAndGet))
                        .as("the rest is refused while the probe is out: the caller drops and counts it").isFalse();
                await().atMost(Duration.ofSeconds(5)).until(() -> producer.history().size() == 2);
                producer.completeNext();
                assertThat(sender.sendDirect(bytes("host"), "application/json", bytes("back"), lost::incrementAndGet))
                        .as("Kafka took the probe").isTrue();
                assertThat(lost).hasValue(1);
            } finally {
                sender.stop();
                thread.join();
            }
        }
    }

    @Test
    void shouldHandWhatWasQueuedToTheProducerWhenTheSenderStops() throws Exception {
        MockProducer<byte[], byte[]> producer = new MockProducer<>(true, null, new ByteArraySerializer(),
                new ByteArraySerializer());
        AtomicLong lost = new AtomicLong();
        try (Spool spool = new Spool(dir, 1024 * 1024)) {
            SpoolSender sender = new SpoolSender(spool, producer, "test:9092", line -> { });
            assertThat(sender.sendDirect(bytes("host"), "application/json", bytes("one"), lost::incrementAndGet))
                    .isTrue();
            sender.stop();
            sender.run(); // stops at once; the producer, closed next, would deliver what it was given

            assertThat(producer.history()).hasSize(1);
            assertThat(lost).hasValue(0);
            assertThat(sender.acknowledged.get()).isEqualTo(1);
        }
    }
}
