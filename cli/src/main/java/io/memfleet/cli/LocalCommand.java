package io.memfleet.cli;

import io.memfleet.aggregator.Aggregator;
import io.memfleet.aggregator.AggregatorConfig;
import io.memfleet.broker.EmbeddedKafkaBroker;
import io.memfleet.collector.Collector;
import io.memfleet.collector.CollectorConfig;
import io.memfleet.common.Durations;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code memfleet local}: the whole pipeline on this machine, in this process — a real single-node
 * KRaft broker from Apache Kafka's own artifacts, the aggregator, and a collector for this host.
 * Stops all three in reverse order on Ctrl-C / SIGTERM.
 */
@Command(name = "local", mixinStandardHelpOptions = true,
        description = "Run a Kafka broker, the aggregator and a collector for this host, all on this machine.")
public final class LocalCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(LocalCommand.class);

    @Option(names = "--http-port", paramLabel = "PORT", defaultValue = "8080",
            description = "Port of the aggregator's HTTP API; 0 picks a free one. Default ${DEFAULT-VALUE}.")
    int httpPort;

    @Option(names = "--kafka-port", paramLabel = "PORT", defaultValue = "0",
            description = "Port of the local broker; 0 (default) picks a free one.")
    int kafkaPort;

    @Option(names = "--interval", paramLabel = "DURATION", defaultValue = "5s",
            description = "Collector sampling interval. Default ${DEFAULT-VALUE}.")
    String interval;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Keep broker data and aggregator state here across runs. Default: a new directory under "
                    + "$XDG_STATE_HOME/memfleet (~/.local/state/memfleet), removed on exit.")
    Path dataDir;

    @Option(names = "--host-id", paramLabel = "ID", description = "Host id. Default: /etc/machine-id.")
    String hostId;

    @Override
    public Integer call() throws Exception {
        Local local = Local.start(this);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            local.close();
            stopped.countDown();
        }, "memfleet-local-shutdown"));
        System.out.println();
        System.out.println("memfleet local is running. Kafka: " + local.broker.bootstrapServers());
        System.out.println("  API:   " + local.aggregator.httpUrl() + "/api/hosts");
        System.out.println("  Host:  " + local.aggregator.httpUrl() + "/api/hosts/" + local.collector.host().hostId()
                + "/processes");
        System.out.println("Ctrl-C stops the collector, the aggregator and the broker.");
        stopped.await();
        return 0;
    }

    /** The three running parts, closed in reverse order of start. */
    static final class Local implements AutoCloseable {
        final EmbeddedKafkaBroker broker;
        final Aggregator aggregator;
        final Collector collector;
        private boolean closed;

        /** Removed on close; null when the user chose to keep the data. */
        private final Path ownedDir;

        private Local(EmbeddedKafkaBroker broker, Aggregator aggregator, Collector collector, Path ownedDir) {
            this.broker = broker;
            this.aggregator = aggregator;
            this.collector = collector;
            this.ownedDir = ownedDir;
        }

        static Local start(LocalCommand options) throws Exception {
            long intervalMs = Durations.parseMillis("--interval", options.interval);
            boolean keep = options.dataDir != null;
            Path root = keep ? Files.createDirectories(options.dataDir)
                    : Files.createTempDirectory(Files.createDirectories(stateHome().resolve("memfleet")), "local-");
            Path stateDir = root.resolve("aggregator");
            EmbeddedKafkaBroker.Options brokerOptions = EmbeddedKafkaBroker.Options.defaults()
                    .withBrokerPort(options.kafkaPort)
                    .withDataDir(root.resolve("kafka"));
            EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(brokerOptions);
            Aggregator aggregator = null;
            try {
                Map<String, Object> aggregatorSettings = new HashMap<>();
                aggregatorSettings.put(AggregatorConfig.BOOTSTRAP_SERVERS, broker.bootstrapServers());
                aggregatorSettings.put(AggregatorConfig.HTTP_PORT, options.httpPort);
                aggregatorSettings.put(AggregatorConfig.STATE_DIR, stateDir.toString());
                aggregatorSettings.put(AggregatorConfig.TOPIC_PARTITIONS, 4);
                aggregator = new Aggregator(new AggregatorConfig(aggregatorSettings));
                aggregator.start();

                Map<String, Object> collectorSettings = new HashMap<>();
                collectorSettings.put(CollectorConfig.BOOTSTRAP_SERVERS, broker.bootstrapServers());
                collectorSettings.put(CollectorConfig.INTERVAL_MS, intervalMs);
                collectorSettings.put(CollectorConfig.SPOOL_DIR, root.resolve("collector-spool").toString());
                if (options.hostId != null) {
                    collectorSettings.put(CollectorConfig.HOST_ID, options.hostId);
                }
                Collector collector = new Collector(new CollectorConfig(collectorSettings));
                collector.start();
                if (!aggregator.awaitRunning(Duration.ofSeconds(60))) {
                    LOG.warn("The aggregator is not RUNNING after 60 s; the API answers 503 until it is");
                }
                return new Local(broker, aggregator, collector, keep ? null : root);
            } catch (Exception | Error e) {
                if (aggregator != null) {
                    aggregator.close();
                }
                broker.close();
                if (!keep) {
                    Utils.delete(root.toFile());
                }
                throw e;
            }
        }

        /**
         * Not the OS temp directory: Kafka Streams rightly warns that one can be cleaned under a
         * running instance.
         */
        private static Path stateHome() {
            String xdg = System.getenv("XDG_STATE_HOME");
            return xdg != null && !xdg.isBlank() ? Path.of(xdg)
                    : Path.of(System.getProperty("user.home"), ".local", "state");
        }

        @Override
        public synchronized void close() {
            if (closed) {
                return;
            }
            closed = true;
            LOG.info("Stopping: collector, then aggregator, then broker");
            collector.close();
            aggregator.close();
            broker.close();
            if (ownedDir != null) {
                try {
                    Utils.delete(ownedDir.toFile());
                } catch (IOException e) {
                    LOG.warn("Could not remove {}: {}", ownedDir, e.toString());
                }
            }
        }
    }
}
