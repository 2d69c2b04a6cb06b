package io.memfleet.collector;

import io.memfleet.collector.publish.PublishException;
import io.memfleet.common.ConfigFiles;
import io.memfleet.common.Durations;
import io.memfleet.common.config.KeysFooter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code memfleet collector}: flags overlay the config file; the config is validated before anything starts. */
@Command(name = "collector", mixinStandardHelpOptions = true,
        description = "Sample /proc/<pid>/status and maps of every process and publish them to Kafka.",
        modelTransformer = CollectorCommand.KeysHelp.class)
public final class CollectorCommand implements Callable<Integer> {

    /** The config file's keys at the end of {@code --help}, from the ConfigDef. */
    public static final class KeysHelp extends KeysFooter {
        public KeysHelp() {
            super(CollectorConfig.KEYS);
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(CollectorCommand.class);

    @Option(names = "--bootstrap-servers", paramLabel = "H:P[,H:P]", description = "Kafka brokers.")
    String bootstrapServers;

    @Option(names = "--interval", paramLabel = "DURATION",
            description = "Time between passes: 500ms, 10s, 1m (plain numbers are seconds). Default 10s.")
    String interval;

    @Option(names = "--once", description = "Run one pass, wait until Kafka acknowledged it, and exit.")
    boolean once;

    @Option(names = "--proc-root", paramLabel = "DIR", description = "Where procfs is mounted. Default /proc.")
    Path procRoot;

    @Option(names = "--host-id", paramLabel = "ID", description = "Host id and record key. Default: /etc/machine-id.")
    String hostId;

    @Option(names = "--format", paramLabel = "json|avro", description = "Wire format. Default json.")
    String format;

    @Option(names = "--spool-dir", paramLabel = "DIR",
            description = "On-disk spool for records Kafka has not acknowledged yet. Default "
                    + "/var/lib/memfleet-collector/spool (root) or ~/.local/state/memfleet/collector-spool.")
    Path spoolDir;

    @Option(names = "--metrics-port", paramLabel = "PORT",
            description = "Serve Prometheus metrics at http://127.0.0.1:PORT/metrics (metrics.host to bind "
                    + "elsewhere). Default 0: no metrics.")
    Integer metricsPort;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Properties file. Default /etc/memfleet/collector.properties if it exists.")
    Path configFile;

    @Override
    public Integer call() throws Exception {
        CollectorConfig config = new CollectorConfig(settings());
        for (String problem : JvmOptionsCheck.problems(System.getProperty(JvmOptionsCheck.ENVIRONMENT_PROPERTY),
                System.getenv())) {
            LOG.warn(problem);
        }
        if (once) {
            try (Collector collector = new Collector(config)) {
                collector.runOnce();
            }
            return 0;
        }
        Collector collector = new Collector(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("Shutting down: finishing the current pass and flushing records in flight");
            collector.close();
            stopped.countDown();
        }, "memfleet-collector-shutdown"));
        collector.start();
        // Runs until SIGTERM (the hook closes it) or until sampling failed for good.
        while (!stopped.await(1, TimeUnit.SECONDS)) {
            if (collector.awaitFatal(0, TimeUnit.SECONDS)) {
                // One line on stderr (the launcher's handler prints it), exit 1: systemd shows it.
                collector.close(); // does not wait for a drain that cannot happen
                throw new PublishException(collector.fatalReason(), null);
            }
        }
        return 0;
    }

    /** The config file's keys, overlaid by the flags given. */
    Map<String, Object> settings() {
        Map<String, Object> settings = ConfigFiles.load(configFile, CollectorConfig.DEFAULT_CONFIG_FILE);
        ConfigFiles.override(settings, CollectorConfig.BOOTSTRAP_SERVERS, bootstrapServers);
        ConfigFiles.override(settings, CollectorConfig.INTERVAL_MS,
                interval == null ? null : Durations.parseMillis("--interval", interval));
        ConfigFiles.override(settings, CollectorConfig.PROC_ROOT, procRoot == null ? null : procRoot.toString());
        ConfigFiles.override(settings, CollectorConfig.HOST_ID, hostId);
        ConfigFiles.override(settings, CollectorConfig.FORMAT, format);
        ConfigFiles.override(settings, CollectorConfig.SPOOL_DIR, spoolDir == null ? null : spoolDir.toString());
        ConfigFiles.override(settings, CollectorConfig.METRICS_PORT, metricsPort);
        if (!settings.containsKey(CollectorConfig.BOOTSTRAP_SERVERS)) {
            throw new ConfigException("no Kafka brokers given: pass --bootstrap-servers H:P or set bootstrap.servers in "
                    + (configFile == null ? CollectorConfig.DEFAULT_CONFIG_FILE : configFile));
        }
        return settings;
    }
}
