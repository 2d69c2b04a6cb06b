package io.memfleet.alerts;

import io.memfleet.common.ConfigFiles;
import io.memfleet.common.config.KeysFooter;
import io.memfleet.common.metrics.MetricsServer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.common.config.ConfigException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code memfleet alerts}: the Alertmanager bridge; flags overlay the config file, validated before anything starts. */
@Command(name = "alerts", mixinStandardHelpOptions = true,
        description = "Post every anomaly of memfleet.anomalies to Alertmanager (v2 API): FIRING as an alert, "
                + "RESOLVED as that alert resolved.",
        modelTransformer = AlertsCommand.KeysHelp.class)
public final class AlertsCommand implements Callable<Integer> {

    /** The config file's keys at the end of {@code --help}, from the ConfigDef. */
    public static final class KeysHelp extends KeysFooter {
        public KeysHelp() {
            super(AlertsConfig.KEYS);
        }
    }

    @Option(names = "--bootstrap-servers", paramLabel = "H:P[,H:P]", description = "Kafka brokers.")
    String bootstrapServers;

    @Option(names = "--alertmanager", paramLabel = "URL",
            description = "Alertmanager base URL, e.g. http://127.0.0.1:9093; repeat it for each instance of an HA pair.")
    List<String> alertmanagers;

    @Option(names = "--group-id", paramLabel = "GROUP", description = "Consumer group. Default memfleet-alerts.")
    String groupId;

    @Option(names = "--metrics-port", paramLabel = "PORT",
            description = "Serve Prometheus metrics at http://127.0.0.1:PORT/metrics (metrics.host to bind "
                    + "elsewhere). Default 0: no metrics.")
    Integer metricsPort;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Properties file. Default /etc/memfleet/alerts.properties if it exists.")
    Path configFile;

    @Override
    public Integer call() {
        AlertsConfig config = new AlertsConfig(settings());
        AlertsBridge bridge = new AlertsBridge(config);
        MetricsServer metrics = config.metricsPort() == 0 ? null : MetricsServer.start(config.metricsHost(),
                config.metricsPort(), AlertsMetrics.of(bridge::stats), "metrics.host/metrics.port");
        Runtime.getRuntime().addShutdownHook(new Thread(bridge::close, "memfleet-alerts-shutdown"));
        try {
            bridge.run(); // until SIGTERM; a Kafka failure it cannot mend is thrown (one line, exit 1)
        } finally {
            if (metrics != null) {
                metrics.close();
            }
        }
        return 0;
    }

    Map<String, Object> settings() {
        Map<String, Object> settings = ConfigFiles.load(configFile, AlertsConfig.DEFAULT_CONFIG_FILE);
        ConfigFiles.override(settings, AlertsConfig.BOOTSTRAP_SERVERS, bootstrapServers);
        ConfigFiles.override(settings, AlertsConfig.ALERTMANAGER_URLS,
                alertmanagers == null ? null : String.join(",", alertmanagers));
        ConfigFiles.override(settings, AlertsConfig.GROUP_ID, groupId);
        ConfigFiles.override(settings, AlertsConfig.METRICS_PORT, metricsPort);
        Path file = configFile == null ? AlertsConfig.DEFAULT_CONFIG_FILE : configFile;
        if (!settings.containsKey(AlertsConfig.BOOTSTRAP_SERVERS)) {
            throw new ConfigException("no Kafka brokers given: pass --bootstrap-servers H:P or set bootstrap.servers in "
                    + file);
        }
        if (!settings.containsKey(AlertsConfig.ALERTMANAGER_URLS)) {
            throw new ConfigException("no Alertmanager given: pass --alertmanager URL or set alertmanager.urls in " + file);
        }
        return settings;
    }
}
