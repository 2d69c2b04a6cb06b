package io.memfleet.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.memfleet.schema.SampleRecord;
import io.memfleet.schema.codec.WireFormat;
import io.memfleet.schema.kafka.SampleRecordSerde;
import io.memfleet.schema.kafka.Topics;
import io.memfleet.testkit.TestKafka;
import io.memfleet.testkit.WithKafka;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loses nothing: the broker goes away for longer than the producer's delivery timeout while the
 * collector keeps sampling; when it returns, every {@code seq} of the run arrives.
 */
@WithKafka
class CollectorOutageIT {

    private static final long DELIVERY_TIMEOUT_MS = 3_000;

    @Test
    @Timeout(180)
    void shouldDeliverEverySeqAfterABrokerOutageLongerThanTheDeliveryTimeout(TestKafka kafka, @TempDir Path spool)
            throws Exception {
        kafka.ensureTopic(Topics.SAMPLES, 3);
        String hostId = "it-outage-" + UUID.randomUUID();
        Map<String, Object> settings = new HashMap<>();
        settings.put(CollectorConfig.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
        settings.put(CollectorConfig.HOST_ID, hostId);
        settings.put(CollectorConfig.INTERVAL_MS, 300L);
        settings.put(CollectorConfig.SPOOL_DIR, spool.toString());
        settings.put("kafka.request.timeout.ms", "1000");
        settings.put("kafka.delivery.timeout.ms", Long.toString(DELIVERY_TIMEOUT_MS));
        settings.put("kafka.max.block.ms", "2000");

        long lastSeq;
        try (Collector collector = new Collector(new CollectorConfig(settings))) {
            collector.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> collector.publisherStats().acknowledged() > 100);

            kafka.stop();
            try {
                Thread.sleep(3 * DELIVERY_TIMEOUT_MS); // passes keep running; their records wait in the spool
                assertThat(collector.publisherStats().pending()).as("records spooled during the outage").isPositive();
            } finally {
                kafka.restart();
            }

            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                    .until(() -> collector.publisherStats().pending() == 0);
            assertThat(collector.publisherStats().failedAttempts()).as("the outage was felt").isPositive();
            assertThat(collector.publisherStats().dropped()).isZero();
            collector.stopSampling();
            lastSeq = collector.lastSeq();
        }

        TreeSet<Long> seqs = readSeqs(kafka, hostId, lastSeq);
        List<Long> missing = new ArrayList<>();
        for (long seq = 1; seq <= lastSeq; seq++) {
            if (!seqs.contains(seq)) {
                missing.add(seq);
            }
        }
        assertThat(missing).as("seq numbers that never arrived, of 1..%d", lastSeq).isEmpty();
    }



    private static TreeSet<Long> readSeqs(TestKafka kafka, String hostId, long lastSeq) {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        TreeSet<Long> seqs = new TreeSet<>();
        try (KafkaConsumer<String, SampleRecord> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new SampleRecordSerde(WireFormat.JSON).deserializer())) {
            consumer.subscribe(List.of(Topics.SAMPLES));
            long deadline = System.currentTimeMillis() + 60_000;
            while (System.currentTimeMillis() < deadline && (seqs.isEmpty() || seqs.last() < lastSeq)) {
                for (ConsumerRecord<String, SampleRecord> record : consumer.poll(Duration.ofMillis(500))) {
                    if (hostId.equals(record.key())) {
                        seqs.add(record.value().seq());
                    }
                }
            }
        }
        return seqs;
    }
}
