package io.memfleet.aggregator;

import io.memfleet.aggregator.query.HttpApi;
import io.memfleet.aggregator.query.StateQueries;
import io.memfleet.aggregator.topology.AggregatorTopology;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The aggregator service: makes sure its topics exist, runs the Streams topology, serves the HTTP
 * API. {@link #close()} stops them in reverse order and is idempotent.
 */
public final class Aggregator implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Aggregator.class);

    private final AggregatorConfig config;
    private final KafkaStreams streams;
    private final HttpApi http;
    private final CountDownLatch failed = new CountDownLatch(1);
    private boolean closed;

    public Aggregator(AggregatorConfig config) {
        this.config = config;
        this.streams = new KafkaStreams(AggregatorTopology.build(), streamsProperties(config));
        streams.setUncaughtExceptionHandler(e -> {
            LOG.error("Stream processing failed; stopping this instance so it can be restarted", e);
            failed.countDown();
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        streams.setStateListener((newState, oldState) -> LOG.info("Kafka Streams {} -> {}", oldState, newState));
        try {
            this.http = new HttpApi(new StateQueries(streams), config.httpHost(), config.httpPort());
        } catch (IOException e) {
            streams.close();
            throw new UncheckedIOException("cannot listen on " + config.httpHost() + ":" + config.httpPort()
                    + " (http.host/http.port): " + e.getMessage(), e);
        }
    }

    static Properties streamsProperties(AggregatorConfig config) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, String.join(",", config.bootstrapServers()));
        props.put(StreamsConfig.STATE_DIR_CONFIG, config.stateDir().toString());
        // Exactly once: a restarted instance neither loses nor double-counts what it folded into its stores.
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        // A record that cannot be decoded is logged with topic, partition and offset and skipped,
        // never a reason to stop the whole aggregator.
        props.put(StreamsConfig.DEFAULT_DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
                LogAndContinueExceptionHandler.class);
        // We have no global stores; opting in now keeps behaviour the same when Kafka 5 makes it the default.
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        props.putAll(config.streamsOverrides());
        return props;
    }

    /** Creates missing topics, then starts processing and the HTTP API (which answers 503 until RUNNING). */
    public void start() {
        try (Admin admin = Admin.create(adminProperties())) {
            TopicSetup.ensureTopics(admin, config.topicPartitions(), config.topicReplicationFactor());
        }
        streams.start();
        http.start();
    }

    /** Waits until the stores are queryable; false on timeout or if processing failed. */
    public boolean awaitRunning(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            KafkaStreams.State state = streams.state();
            if (state == KafkaStreams.State.RUNNING) {
                return true;
            }
            if (state == KafkaStreams.State.ERROR || state == KafkaStreams.State.NOT_RUNNING
                    || state == KafkaStreams.State.PENDING_ERROR) {
                return false;
            }
            Thread.sleep(50);
        }
        return false;
    }

    /** Blocks until processing failed for good; used by the command to exit non-zero. */
    public boolean awaitFailure(long timeout, TimeUnit unit) throws InterruptedException {
        return failed.await(timeout, unit);
    }

    public String httpUrl() {
        return http.baseUrl();
    }

    private Properties adminProperties() {
        Properties props = new Properties();
        props.putAll(config.streamsOverrides());
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, String.join(",", config.bootstrapServers()));
        return props;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        http.close();
        streams.close(Duration.ofSeconds(30));
        LOG.info("Aggregator stopped");
    }
}
