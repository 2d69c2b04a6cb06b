package io.memfleet.broker;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(value = 2, unit = TimeUnit.MINUTES)
class EmbeddedKafkaBrokerIT {

    private static final AtomicInteger topicCounter = new AtomicInteger();
    private static EmbeddedKafkaBroker shared;

    @BeforeAll
    static void startSharedBroker() {
        shared = EmbeddedKafkaBroker.start();
    }

    @AfterAll
    static void closeSharedBroker() {
        shared.close();
    }

    @Test
    void shouldServeOnLoopback() {
        assertThat(shared.bootstrapServers()).matches("127\\.0\\.0\\.1:\\d+");
        assertThat(shared.isRunning()).isTrue();
    }

    @Test
    void shouldProduceAndConsumeRecord() throws Exception {
        String topic = createTopic(shared);

        try (KafkaProducer<String, String> producer = producer(shared, Map.of())) {
            producer.send(new ProducerRecord<>(topic, "host-1", "sample")).get();
        }

        assertThat(consumeAll(shared, topic, 1)).containsExactly("host-1=sample");
    }

    @Test
    void shouldCommitTransaction() throws Exception {
        String topic = createTopic(shared);

        try (KafkaProducer<String, String> producer =
                     producer(shared, Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "tx-" + topic))) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "host-1", "in-tx"));
            producer.commitTransaction();
        }

        assertThat(consumeAll(shared, topic, 1)).containsExactly("host-1=in-tx");
    }

    @Test
    void shouldRunExactlyOnceStreamsApplication(@TempDir Path stateDir) throws Exception {
        String input = createTopic(shared);
        String output = createTopic(shared);
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(input, Consumed.with(Serdes.String(), Serdes.String()))
                .mapValues(v -> v.toUpperCase())
                .to(output, Produced.with(Serdes.String(), Serdes.String()));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "eos-" + input);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, shared.bootstrapServers());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);

        try (KafkaStreams streams = new KafkaStreams(builder.build(), props);
             KafkaProducer<String, String> producer = producer(shared, Map.of())) {
            streams.start();
            producer.send(new ProducerRecord<>(input, "host-1", "heap")).get();

            assertThat(consumeAll(shared, output, 1)).containsExactly("host-1=HEAP");
        }
    }

    @Test
    void shouldKeepTopicAndDataAcrossRestartOnSamePort() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            String address = broker.bootstrapServers();
            String topic = createTopic(broker);
            try (KafkaProducer<String, String> producer = producer(broker, Map.of())) {
                producer.send(new ProducerRecord<>(topic, "host-1", "before")).get();
            }

            broker.stop();
            assertThat(broker.isRunning()).isFalse();
            broker.restart();

            assertThat(broker.bootstrapServers()).isEqualTo(address);
            assertThat(consumeAll(broker, topic, 1)).containsExactly("host-1=before");
        }
    }

    @Test
    void shouldReuseFormattedDataDirectoryAndLeaveItOnClose(@TempDir Path dir) throws Exception {
        String topic;
        try (EmbeddedKafkaBroker first = EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Options.defaults().withDataDir(dir))) {
            topic = createTopic(first);
        }
        assertThat(dir.resolve("meta.properties")).exists();

        try (EmbeddedKafkaBroker second = EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Options.defaults().withDataDir(dir));
             Admin admin = admin(second)) {
            assertThat(admin.listTopics().names().get()).contains(topic);
        }
    }

    @Test
    void shouldDeleteOwnTempDirOnCloseAndAllowClosingTwice() {
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start();
        Path dir = broker.dataDir();
        assertThat(dir).isDirectory();

        broker.close();
        broker.close();

        assertThat(dir).doesNotExist();
        assertThat(broker.isRunning()).isFalse();
        assertThatThrownBy(broker::restart).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    @Test
    void shouldFailClearlyWhenBrokerPortIsTaken() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            EmbeddedKafkaBroker.Options options = EmbeddedKafkaBroker.Options.defaults()
                    .withBrokerPort(taken.getLocalPort())
                    .withStartTimeout(Duration.ofSeconds(20));

            assertThatThrownBy(() -> EmbeddedKafkaBroker.start(options))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("127.0.0.1:" + taken.getLocalPort())
                    .hasMessageContaining("failed to start");
        }
    }

    @Test
    void shouldAuthenticateTheScramUserAndRejectAWrongPassword(@TempDir Path dir) throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(
                EmbeddedKafkaBroker.Options.defaults().withDataDir(dir).withScramUser("collector", "s3cret-pw"))) {
            String topic = createTopic(broker);
            Map<String, Object> right = scram(broker, broker.scramUser().jaasConfig());
            try (KafkaProducer<String, String> producer = producer(broker, right)) {
                producer.send(new ProducerRecord<>(topic, "host-1", "over SASL")).get(30, TimeUnit.SECONDS);
            }
            assertThat(consumeAll(broker, topic, 1)).containsExactly("host-1=over SASL");

            Map<String, Object> wrong = scram(broker,
                    EmbeddedKafkaBroker.ScramUser.jaasConfig("collector", "not-the-password"));
            try (Admin admin = Admin.create(wrong)) {
                assertThatThrownBy(() -> admin.listTopics().names().get(30, TimeUnit.SECONDS))
                        .hasCauseInstanceOf(SaslAuthenticationException.class)
                        .hasMessageContaining("SCRAM-SHA-512");
            }
        }
    }

    /** Client settings for the broker's SASL listener, bootstrap included (they override the plain one). */
    private static Map<String, Object> scram(EmbeddedKafkaBroker broker, String jaasConfig) {
        return Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.saslBootstrapServers(),
                "security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", EmbeddedKafkaBroker.SCRAM_MECHANISM,
                "sasl.jaas.config", jaasConfig);
    }

    private static String createTopic(EmbeddedKafkaBroker broker) throws Exception {
        String topic = "broker-it-" + topicCounter.incrementAndGet();
        try (Admin admin = admin(broker)) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
        return topic;
    }

    private static Admin admin(EmbeddedKafkaBroker broker) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
    }

    private static KafkaProducer<String, String> producer(EmbeddedKafkaBroker broker, Map<String, Object> extra) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        config.putAll(extra);
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    /** Reads the topic from the start, committed records only, until {@code expected} records arrived. */
    private static List<String> consumeAll(EmbeddedKafkaBroker broker, String topic, int expected) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "it-" + topic,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
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
