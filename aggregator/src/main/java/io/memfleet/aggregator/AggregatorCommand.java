package io.memfleet.aggregator;

import io.memfleet.common.ConfigFiles;
import io.memfleet.common.config.KeysFooter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code memfleet aggregator}: flags overlay the config file; the config is validated before anything starts. */
@Command(name = "aggregator", mixinStandardHelpOptions = true,
        description = "Keep every host's process and mapping state from memfleet.samples and serve it over HTTP.",
        modelTransformer = AggregatorCommand.KeysHelp.class)
public final class AggregatorCommand implements Callable<Integer> {

    /** The config file's keys at the end of {@code --help}, from the ConfigDef. */
    public static final class KeysHelp extends KeysFooter {
        public KeysHelp() {
            super(AggregatorConfig.KEYS);
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(AggregatorCommand.class);

    @Option(names = "--bootstrap-servers", paramLabel = "H:P[,H:P]", description = "Kafka brokers.")
    String bootstrapServers;

    @Option(names = "--http-port", paramLabel = "PORT", description = "Port of the HTTP API. Default 8080.")
    Integer httpPort;

    @Option(names = "--state-dir", paramLabel = "DIR",
            description = "Local state store directory. Default /var/lib/memfleet/aggregator.")
    Path stateDir;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Properties file. Default /etc/memfleet/aggregator.properties if it exists.")
    Path configFile;

    @Override
    public Integer call() throws Exception {
        AggregatorConfig config = new AggregatorConfig(settings());
        Aggregator aggregator = new Aggregator(config);
        Runtime.getRuntime().addShutdownHook(new Thread(aggregator::close, "memfleet-aggregator-shutdown"));
        try {
            aggregator.start();
        } catch (RuntimeException e) {
            aggregator.close(); // the HTTP port and Kafka clients, before the one line about e
            throw e;
        }
        LOG.info("Aggregator API at {}", aggregator.httpUrl());
        // Runs until SIGTERM (the shutdown hook closes it) or until stream processing fails for good.
        while (!aggregator.awaitFailure(1, TimeUnit.HOURS)) {
            // keep serving
        }
        aggregator.close();
        throw new IllegalStateException(aggregator.failureReason());
    }

    Map<String, Object> settings() {
        Map<String, Object> settings = ConfigFiles.load(configFile, AggregatorConfig.DEFAULT_CONFIG_FILE);
        ConfigFiles.override(settings, AggregatorConfig.BOOTSTRAP_SERVERS, bootstrapServers);
        ConfigFiles.override(settings, AggregatorConfig.HTTP_PORT, httpPort);
        ConfigFiles.override(settings, AggregatorConfig.STATE_DIR, stateDir == null ? null : stateDir.toString());
        if (!settings.containsKey(AggregatorConfig.BOOTSTRAP_SERVERS)) {
            throw new ConfigException("no Kafka brokers given: pass --bootstrap-servers H:P or set bootstrap.servers in "
                    + (configFile == null ? AggregatorConfig.DEFAULT_CONFIG_FILE : configFile));
        }
        return settings;
    }
}
