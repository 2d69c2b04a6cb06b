package io.memfleet.aggregator;

import io.memfleet.common.ConfigFiles;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;

/**
 * The aggregator's settings: a properties file ({@code /etc/memfleet/aggregator.properties} by
 * default) overlaid by flags. Keys starting with {@value #STREAMS_PREFIX} go to Kafka Streams and
 * its clients unchanged (TLS, SASL, tuning).
 */
public final class AggregatorConfig extends AbstractConfig {

    public static final String STREAMS_PREFIX = "kafka.";

    public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
    public static final String APPLICATION_ID = "application.id";
    public static final String STATE_DIR = "state.dir";
    public static final String HTTP_HOST = "http.host";
    public static final String HTTP_PORT = "http.port";
    public static final String TOPIC_PARTITIONS = "topic.partitions";
    public static final String TOPIC_REPLICATION_FACTOR = "topic.replication.factor";

    public static final Path DEFAULT_CONFIG_FILE = Path.of("/etc/memfleet/aggregator.properties");

    static final ConfigDef DEFINITION = new ConfigDef()
            .define(BOOTSTRAP_SERVERS, Type.LIST, ConfigDef.NO_DEFAULT_VALUE, ConfigFiles.NON_EMPTY_LIST,
                    Importance.HIGH, "Kafka brokers, host:port[,host:port...].")
            .define(APPLICATION_ID, Type.STRING, "memfleet-aggregator", new ConfigDef.NonEmptyString(),
                    Importance.HIGH, "Kafka Streams application id: instances with the same id share the work.")
            .define(STATE_DIR, Type.STRING, "/var/lib/memfleet/aggregator", new ConfigDef.NonEmptyString(),
                    Importance.HIGH, "Directory of the local state stores (rebuilt from changelog topics if lost).")
            .define(HTTP_HOST, Type.STRING, "127.0.0.1", new ConfigDef.NonEmptyString(), Importance.MEDIUM,
                    "Address the HTTP API binds to; loopback unless told otherwise.")
            .define(HTTP_PORT, Type.INT, 8080, ConfigDef.Range.between(0, 65535), Importance.MEDIUM,
                    "Port of the HTTP API; 0 picks a free one.")
            .define(TOPIC_PARTITIONS, Type.INT, 12, ConfigDef.Range.between(1, 10_000), Importance.LOW,
                    "Partitions of memfleet.samples and memfleet.anomalies when the aggregator creates them; "
                            + "the ceiling on how many instances can share the work.")
            .define(TOPIC_REPLICATION_FACTOR, Type.SHORT, (short) -1, ConfigDef.Range.between(-1, 32), Importance.LOW,
                    "Replication factor of topics the aggregator creates; -1 uses the broker's default.");

    public AggregatorConfig(Map<String, ?> values) {
        super(DEFINITION, values, false);
        ConfigFiles.rejectUnknownKeys(DEFINITION, values, STREAMS_PREFIX);
    }

    public List<String> bootstrapServers() {
        return getList(BOOTSTRAP_SERVERS);
    }

    public String applicationId() {
        return getString(APPLICATION_ID);
    }

    public Path stateDir() {
        return Path.of(getString(STATE_DIR));
    }

    public String httpHost() {
        return getString(HTTP_HOST);
    }

    public int httpPort() {
        return getInt(HTTP_PORT);
    }

    public int topicPartitions() {
        return getInt(TOPIC_PARTITIONS);
    }

    public short topicReplicationFactor() {
        return getShort(TOPIC_REPLICATION_FACTOR);
    }

    /** The {@code kafka.*} keys with the prefix removed. */
    public Map<String, Object> streamsOverrides() {
        return originalsWithPrefix(STREAMS_PREFIX);
    }
}
