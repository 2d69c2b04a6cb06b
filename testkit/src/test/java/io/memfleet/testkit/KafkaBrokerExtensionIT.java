package io.memfleet.testkit;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(KafkaBrokerExtension.class)
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class KafkaBrokerExtensionIT {

    private final TestKafka kafka;

    KafkaBrokerExtensionIT(TestKafka kafka) {
        this.kafka = kafka;
    }

    @Test
    void shouldShareOneClusterWithOtherTestClasses() {
        assertThat(SharedBrokers.firstOr(kafka)).isSameAs(kafka);
    }

    @Test
    void shouldGiveEveryCallItsOwnTopicName() {
        assertThat(kafka.uniqueTopic("samples")).startsWith("samples-").isNotEqualTo(kafka.uniqueTopic("samples"));
    }

    @Test
    void shouldCreateTopicAndCarryRecords() throws Exception {
        String topic = kafka.createTopic(kafka.uniqueTopic("samples"), 3);

        assertThat(kafka.admin().describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions())
                .hasSize(3);
        send(topic, "host-1", "sample");
        assertThat(consume(topic, 1)).containsExactly("host-1=sample");
    }

    @Test
    void shouldKeepTopicAndDataAcrossStopAndRestart() throws Exception {
        String topic = kafka.createTopic(kafka.uniqueTopic("restart"), 1);
        send(topic, "host-1", "before");

        kafka.stop();
        kafka.restart();

        send(topic, "host-1", "after");
        assertThat(consume(topic, 2)).containsExactly("host-1=before", "host-1=after");
    }

    private void send(String topic, String key, String value) throws Exception {
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (KafkaProducer<String, String> producer =
                     new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        }
    }

    private List<String> consume(String topic, int expected) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "it-" + topic,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<String> seen = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                     new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(Set.of(topic));
            while (seen.size() < expected) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    seen.add(r.key() + "=" + r.value());
                }
            }
        }
        return seen;
    }
}
