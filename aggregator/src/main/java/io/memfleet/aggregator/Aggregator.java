package io.memfleet.aggregator;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.memfleet.aggregator.metrics.AggregatorMetrics;
import io.memfleet.aggregator.query.ApiSecurity;
import io.memfleet.aggregator.query.BearerTokenFilter;
import io.memfleet.aggregator.query.HistoryQueries;
import io.memfleet.aggregator.query.HttpApi;
import io.memfleet.aggregator.query.InstanceRouter;
import io.memfleet.aggregator.query.StateQueries;
import io.memfleet.aggregator.topology.AggregatorTopology;
import io.memfleet.aggregator.topology.HistoryOptions;
import io.memfleet.aggregator.topology.TopologyMetrics;
import io.memfleet.common.JdkHttpServers;
import io.memfleet.common.KafkaFailures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.state.HostInfo;
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
    private final AggregatorMetrics metrics;
    private final CountDownLatch failed = new CountDownLatch(1);
    private volatile Throwable failure;
    private boolean closed;

    public Aggregator(AggregatorConfig config) {
        this.config = config;
        HistoryOptions history = config.history();
        ApiSecurity security = config.apiSecurity();
        JdkHttpServers.noDelay(); // or every small answer waits ~40 ms for a delayed ACK
        // Bind first: the port (chosen by the OS when http.port=0) is what other instances forward to.
        HttpServer server;
        try {
            InetSocketAddress address = new InetSocketAddress(config.httpHost(), config.httpPort());
            if (security.tls()) {
                HttpsServer https = HttpsServer.create(address, 0);
                https.setHttpsConfigurator(new HttpsConfigurator(security.serverTls()));
                server = https;
            } else {
                server = HttpServer.create(address, 0);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + config.httpHost() + ":" + config.httpPort()
                    + " (http.host/http.port): " + e.getMessage(), e);
        }
        HostInfo self = new HostInfo(config.advertisedHost(), server.getAddress().getPort());
        Properties props = streamsProperties(config);
        props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, self.host() + ":" + self.port());
        TopologyMetrics counters = new TopologyMetrics();
        this.streams = new KafkaStreams(AggregatorTopology.build(history, Detectors.configured(config), counters),
                props);
        this.metrics = new AggregatorMetrics(streams, counters, config.applicationId(), version());
        streams.setUncaughtExceptionHandler(e -> {
            RuntimeException fatal = KafkaFailures.fatal(e);
            if (fatal != null) {
                // Configuration, not a bug: one line, no stack trace.
                LOG.error("Stream processing stopped: {}", KafkaFailures.describe(fatal, brokers()));
            } else {
                LOG.error("Stream processing failed; stopping this instance so it can be restarted", e);
            }
            failure = e;
            failed.countDown();
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        streams.setStateListener((newState, oldState) -> LOG.info("Kafka Streams {} -> {}", oldState, newState));
        StateQueries queries = new StateQueries(streams);
        this.http = new HttpApi(server, security.token() == null ? null : new BearerTokenFilter(security.token()), queries,
                new HistoryQueries(streams, queries, history, System::currentTimeMillis),
                new InstanceRouter(streams, self, security), System::currentTimeMillis);
        LOG.info("HTTP API: {}, {}", security.tls() ? "HTTPS" : "plain HTTP",
                security.token() == null ? "no authentication" : "bearer token required (all but /healthz)");
        http.serveMetrics(metrics.registry(), metrics.latencyFilter());
    }

    static String version() {
        String version = Aggregator.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }

    /** This instance's metrics, as {@code GET /metrics} serves them. */
    public AggregatorMetrics metrics() {
        return metrics;
    }

    static Properties streamsProperties(AggregatorConfig config) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, String.join(",", config.bootstrapServers()));
        props.put(StreamsConfig.STATE_DIR_CONFIG, config.stateDir().toString());
        // Exactly once: a restarted instance neither loses nor double-counts what it folded into its stores.
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        // A transaction a second, not exactly-once's default of ten: a commit costs about the same
        // whatever it holds, so this folds about 1.5 times as many samples a second (memfleet bench
        // aggregator); anomalies still reach read_committed consumers within about a second.
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 1_000);
        // Each sample writes a few small changelog records over many partitions. With the producer's
        // default 16 KiB batches the broker handles a request every few records and spends about three
        // times the CPU a sample (memfleet bench aggregator: ~8 us with 256 KiB, which fill within the
        // commit interval). A batch takes its full size from the producer's buffer when it opens:
        // 128 MiB holds one for each of ~500 changelog partitions (a send waits when it is full).
        props.put(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), 256 * 1024);
        props.put(StreamsConfig.producerPrefix(ProducerConfig.BUFFER_MEMORY_CONFIG), 128L * 1024 * 1024);
        // A record that cannot be decoded is never a reason to stop the whole aggregator: Kafka Streams'
        // LogAndContinue handler skips it and sends it, byte for byte with headers saying why, to the
        // dead-letter topic (in the same transaction as the offsets); ours also counts it and logs
        // one line naming topic, partition, offset and reason, at most one a second.
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
                io.memfleet.aggregator.errors.DeadLetterHandler.class);
        props.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, config.deadLetterTopic());
        // Stream time is the broker's, never a host's: see BrokerTimestampExtractor.
        props.put(StreamsConfig.DEFAULT_TIMESTAMP_EXTRACTOR_CLASS_CONFIG, BrokerTimestampExtractor.class);
        // We have no global stores; opting in now keeps behaviour the same when Kafka 5 makes it the default.
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        props.putAll(config.streamsOverrides());
        return props;
    }

    /** Creates missing topics, then starts processing and the HTTP API (which answers 503 until RUNNING). */
    public void start() {
        try (Admin admin = Admin.create(adminProperties())) {
            TopicSetup.ensureTopics(admin, config.topicPartitions(), config.topicReplicationFactor(),
                    config.deadLetterTopic());
        } catch (KafkaException e) {
            RuntimeException fatal = KafkaFailures.fatal(e);
            throw fatal == null ? e : new KafkaException(KafkaFailures.describe(fatal, brokers()), e);
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

    /** One line saying why processing stopped for good, or null while it runs. */
    public String failureReason() {
        Throwable cause = failure;
        if (cause == null) {
            return null;
        }
        RuntimeException fatal = KafkaFailures.fatal(cause);
        return fatal != null ? KafkaFailures.describe(fatal, brokers())
                : "stream processing failed: " + cause + " (the log has the details)";
    }

    private String brokers() {
        return String.join(",", config.bootstrapServers());
    }

    /** Blocks until processing failed for good; used by the command to exit non-zero. */
    public boolean awaitFailure(long timeout, TimeUnit unit) throws InterruptedException {
        return failed.await(timeout, unit);
    }

    /**
     * Stops folding records (Kafka Streams' pause: the instance stays in the group, keeps its tasks
     * and answers queries) until {@link #resume()}. For maintenance windows and benchmarks.
     */
    /**
     * Nanoseconds the stream threads have spent blocked on Kafka (waiting in poll for records, in
     * commits for the broker), summed over threads: Kafka Streams' {@code blocked-time-ns-total}.
     */
    public double streamThreadsBlockedNanos() {
        double total = 0;
        for (var metric : streams.metrics().entrySet()) {
            if (metric.getKey().name().equals("blocked-time-ns-total")
                    && metric.getKey().group().equals("stream-thread-metrics")) {
                total += ((Number) metric.getValue().metricValue()).doubleValue();
            }
        }
        return total;
    }

    public void pause() {
        streams.pause();
    }

    public void resume() {
        streams.resume();
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
