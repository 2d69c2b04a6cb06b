package io.memfleet.aggregator;

import io.memfleet.aggregator.query.ApiSecurity;
import io.memfleet.aggregator.query.TlsFiles;
import io.memfleet.aggregator.query.TokenFile;
import io.memfleet.aggregator.topology.HistoryOptions;
import io.memfleet.aggregator.topology.HostLimits;
import io.memfleet.common.ConfigFiles;
import io.memfleet.common.config.ConfigKeys;
import io.memfleet.common.config.ConfigReport;
import io.memfleet.common.config.Validators;
import io.memfleet.schema.kafka.Topics;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * The aggregator's settings: a properties file ({@code /etc/memfleet/aggregator.properties} by
 * default) overlaid by flags. Every key, {@code detect.*} included, is declared once with its type,
 * default, validator and doc; {@code --help} and docs/configuration.md are rendered from it, and
 * every problem of a configuration is reported in one error. Keys starting with {@value #STREAMS_PREFIX} go to Kafka Streams and
 * its clients unchanged (TLS, SASL, tuning).
 */
public final class AggregatorConfig extends AbstractConfig {

    public static final String STREAMS_PREFIX = "kafka.";

    public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
    public static final String APPLICATION_ID = "application.id";
    public static final String STATE_DIR = "state.dir";
    public static final String HTTP_HOST = "http.host";
    public static final String HTTP_PORT = "http.port";
    public static final String HTTP_ADVERTISED_HOST = "http.advertised.host";
    public static final String HTTP_AUTH_TOKEN_FILE = "http.auth.token.file";
    public static final String HTTP_TLS_KEYSTORE_FILE = "http.tls.keystore.file";
    public static final String HTTP_TLS_KEYSTORE_PASSWORD = "http.tls.keystore.password";
    public static final String HTTP_TLS_TRUSTSTORE_FILE = "http.tls.truststore.file";
    public static final String HTTP_TLS_TRUSTSTORE_PASSWORD = "http.tls.truststore.password";
    public static final String TOPIC_PARTITIONS = "topic.partitions";
    public static final String TOPIC_REPLICATION_FACTOR = "topic.replication.factor";
    public static final String DEAD_LETTER_TOPIC = "dead.letter.topic";

    public static final String HISTORY_RAW_RETENTION_MS = "history.raw.retention.ms";
    public static final String HISTORY_ROLLUP_INTERVAL_MS = "history.rollup.interval.ms";
    public static final String HISTORY_ROLLUP_RETENTION_MS = "history.rollup.retention.ms";
    public static final String HISTORY_EXITED_RETENTION_MS = "history.exited.retention.ms";
    public static final String CLOCK_SKEW_TOLERANCE_MS = "clock.skew.tolerance.ms";
    public static final String HOST_MAX_PROCESSES = "host.max.processes";
    public static final String HOST_MAX_EXITED_PROCESSES = "host.max.exited.processes";
    public static final String HOST_MAX_PENDING_MAPPING_BYTES = "host.max.pending.mapping.bytes";

    private static final String TRUSTSTORE_WITHOUT_KEYSTORE = HTTP_TLS_TRUSTSTORE_FILE + " is set but "
            + HTTP_TLS_KEYSTORE_FILE + " is not: instances forward over HTTPS only when they serve HTTPS";

    public static final Path DEFAULT_CONFIG_FILE = Path.of("/etc/memfleet/aggregator.properties");

    /** A legal Kafka topic name that is not the samples topic (dead letters sent there would come straight back). */
    private static final ConfigDef.Validator DEAD_LETTER_TOPIC_NAME = Validators.described(
            "a topic name of 1 to 249 of a-z A-Z 0-9 . _ -, not " + Topics.SAMPLES, (name, value) -> {
        String topic = value == null ? "" : value.toString();
        if (!topic.matches("[a-zA-Z0-9._-]{1,249}") || topic.equals(".") || topic.equals("..")) {
            throw new ConfigException(name, value, "must be a Kafka topic name: 1 to 249 of a-z A-Z 0-9 . _ -");
        }
        if (topic.equals(Topics.SAMPLES)) {
            throw new ConfigException(name, value,
                    "must not be " + Topics.SAMPLES + ", the topic it takes records from");
        }
    });

    /** The service's keys, then the detectors' ({@code detect.*}). */
    static final ConfigDef DEFINITION = DetectorConfig.define(new ConfigDef()
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
                    "Replication factor of topics the aggregator creates; -1 uses the broker's default.")
            .define(DEAD_LETTER_TOPIC, Type.STRING, Topics.SAMPLES_DEAD_LETTER, DEAD_LETTER_TOPIC_NAME,
                    Importance.MEDIUM, "Where records of " + Topics.SAMPLES + " that cannot be decoded go, byte for "
                            + "byte with headers saying why; created with the samples topic's partition count.")
            .define(HISTORY_RAW_RETENTION_MS, Type.LONG, HistoryOptions.DEFAULTS.rawRetention().toMillis(),
                    ConfigDef.Range.atLeast(60_000), Importance.MEDIUM,
                    "How long every sample's memory fields are kept, milliseconds (then only rollups).")
            .define(HISTORY_ROLLUP_INTERVAL_MS, Type.LONG, HistoryOptions.DEFAULTS.rollupInterval().toMillis(),
                    ConfigDef.Range.between(1_000, 86_400_000), Importance.MEDIUM,
                    "Length of the min/max/avg buckets kept after the raw retention, milliseconds.")
            .define(HISTORY_ROLLUP_RETENTION_MS, Type.LONG, HistoryOptions.DEFAULTS.rollupRetention().toMillis(),
                    ConfigDef.Range.atLeast(60_000), Importance.MEDIUM,
                    "How long rollups and mapping change events are kept, milliseconds; at least "
                            + HISTORY_RAW_RETENTION_MS + ".")
            .define(HISTORY_EXITED_RETENTION_MS, Type.LONG, HistoryOptions.DEFAULTS.exitedRetention().toMillis(),
                    ConfigDef.Range.atLeast(0), Importance.LOW,
                    "How long an exited process's state (latest sample, mappings) stays queryable, milliseconds.")
            .define(HOST_MAX_PROCESSES, Type.INT, HostLimits.DEFAULTS.maxProcesses(), ConfigDef.Range.atLeast(1),
                    Importance.LOW, "Live processes the aggregator holds per host; a sample of a further process is "
                            + "counted in the host's processesCapped and not stored, so no host (or anything writing "
                            + "its id) can grow the state without bound.")
            .define(HOST_MAX_EXITED_PROCESSES, Type.INT, HostLimits.DEFAULTS.maxExitedProcesses(),
                    ConfigDef.Range.atLeast(1), Importance.LOW, "Exited processes the aggregator keeps per host; "
                            + "beyond it the oldest exits are dropped before " + HISTORY_EXITED_RETENTION_MS
                            + " (counted in the host's exitedEvicted), so a host starting many short-lived "
                            + "processes keeps its latest ones. Their history (raw points, rollups) stays.")
            // At least 1 MiB: a part is up to 512 KiB, so a smaller cap could refuse every real big list.
            .define(HOST_MAX_PENDING_MAPPING_BYTES, Type.LONG, HostLimits.DEFAULT_MAX_PENDING_PART_BYTES,
                    ConfigDef.Range.atLeast(1L << 20), Importance.LOW, "Bytes (as stored) of mapping list parts a "
                            + "host may have waiting for their sample; a part beyond it is refused, counted in the "
                            + "host's mappingPartsRefused, and its process is out of sync until its next full list. "
                            + "The biggest real list (262,144 mappings) takes about 9 MB. Parts whose sample has not "
                            + "come 5 minutes (of stream time) after the first are dropped anyway.")
            .define(CLOCK_SKEW_TOLERANCE_MS, Type.LONG, HistoryOptions.DEFAULTS.clockSkewTolerance().toMillis(),
                    ConfigDef.Range.atLeast(0), Importance.MEDIUM,
                    "How far ahead of the broker's time (the samples topic's LogAppendTime) a host may date a "
                            + "record and still have it filed at its own time, milliseconds; one dated further "
                            + "ahead is filed at the broker's time, counted in the host's samplesOutOfTime and "
                            + "raises CLOCK_SKEW. Below " + HISTORY_RAW_RETENTION_MS + ".")
            .define(HTTP_ADVERTISED_HOST, Type.STRING, "", Importance.MEDIUM,
                    "Host name other aggregator instances use to reach this one's HTTP API when they forward a "
                            + "query (Kafka Streams' application.server); empty means http.host, or this machine's "
                            + "name when http.host is a wildcard address.")
            .define(HTTP_AUTH_TOKEN_FILE, Type.STRING, "", Importance.HIGH,
                    "A file holding the bearer token every HTTP route but /healthz then requires "
                            + "(Authorization: Bearer TOKEN); empty = no authentication. At least 16 characters; "
                            + "the file must not be readable by others nor writable by its group. Read at start.")
            .define(HTTP_TLS_KEYSTORE_FILE, Type.STRING, "", Importance.HIGH,
                    "PKCS12 (or JKS) key store with the HTTP API's private key and certificate: the API then "
                            + "speaks only HTTPS. Empty = plain HTTP.")
            .define(HTTP_TLS_KEYSTORE_PASSWORD, Type.PASSWORD, null, Importance.HIGH,
                    "Password of http.tls.keystore.file (and of its key).")
            .define(HTTP_TLS_TRUSTSTORE_FILE, Type.STRING, "", Importance.MEDIUM,
                    "Key store of the certificates this instance trusts when it forwards a query to another "
                            + "instance over HTTPS; empty = the JVM's default trust store.")
            .define(HTTP_TLS_TRUSTSTORE_PASSWORD, Type.PASSWORD, null, Importance.MEDIUM,
                    "Password of http.tls.truststore.file."));

    /** The keys, for validation, {@code --help} and docs/configuration.md. */
    public static final ConfigKeys KEYS = new ConfigKeys(DEFINITION, STREAMS_PREFIX,
            "Passed to Kafka Streams and its clients without the prefix: TLS, SASL, tuning "
                    + "(kafka.security.protocol=SSL, kafka.num.stream.threads=4, kafka.consumer.max.poll.records=...). "
                    + "memfleet sets processing.guarantee=exactly_once_v2, commit.interval.ms=1000, "
                    + "producer.batch.size=262144 (256 KiB) and producer.buffer.memory=134217728 (128 MiB) unless "
                    + "they are given here.");

    /** Fails, naming every bad value, unknown key and conflict at once, if {@code values} has any. */
    public AggregatorConfig(Map<String, ?> values) {
        super(DEFINITION, checked(values), false);
    }

    private static Map<String, ?> checked(Map<String, ?> values) {
        ConfigReport report = ConfigReport.of(KEYS, values);
        if (report.isValid(HISTORY_RAW_RETENTION_MS, HISTORY_ROLLUP_RETENTION_MS)
                && (Long) report.value(HISTORY_ROLLUP_RETENTION_MS) < (Long) report.value(HISTORY_RAW_RETENTION_MS)) {
            report.conflict(HISTORY_ROLLUP_RETENTION_MS + "=" + report.value(HISTORY_ROLLUP_RETENTION_MS)
                    + " must be at least " + HISTORY_RAW_RETENTION_MS + "=" + report.value(HISTORY_RAW_RETENTION_MS)
                    + ": rollups are made from raw samples, so they cannot be dropped sooner");
        }
        if (report.isValid(HISTORY_RAW_RETENTION_MS, CLOCK_SKEW_TOLERANCE_MS)
                && (Long) report.value(CLOCK_SKEW_TOLERANCE_MS) >= (Long) report.value(HISTORY_RAW_RETENTION_MS)) {
            report.conflict(CLOCK_SKEW_TOLERANCE_MS + "=" + report.value(CLOCK_SKEW_TOLERANCE_MS) + " must be below "
                    + HISTORY_RAW_RETENTION_MS + "=" + report.value(HISTORY_RAW_RETENTION_MS)
                    + ": a record may be late by at most the retention less the tolerance");
        }
        if (report.isValid(HTTP_TLS_TRUSTSTORE_FILE, HTTP_TLS_KEYSTORE_FILE)
                && !report.value(HTTP_TLS_TRUSTSTORE_FILE).toString().isBlank()
                && report.value(HTTP_TLS_KEYSTORE_FILE).toString().isBlank()) {
            report.conflict(TRUSTSTORE_WITHOUT_KEYSTORE);
        }
        HeapKeys.check(report);
        report.throwIfAny();
        return values;
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

    public String advertisedHost() {
        String advertised = getString(HTTP_ADVERTISED_HOST).trim();
        if (!advertised.isEmpty()) {
            return advertised;
        }
        String host = httpHost();
        if (!host.equals("0.0.0.0") && !host.equals("::") && !host.equals("[::]")) {
            return host;
        }
        try {
            return InetAddress.getLocalHost().getCanonicalHostName();
        } catch (UnknownHostException e) {
            throw new ConfigException(HTTP_ADVERTISED_HOST, "", "http.host is a wildcard and this machine's name "
                    + "cannot be resolved: set http.advertised.host");
        }
    }

    /**
     * The API's token and TLS contexts, read from their files; every problem with them at once, each
     * naming its key (the token and passwords never appear).
     */
    public ApiSecurity apiSecurity() {
        List<String> problems = new ArrayList<>();
        String token = null;
        SSLContext server = null;
        SSLContext client = null;
        String tokenFile = getString(HTTP_AUTH_TOKEN_FILE).trim();
        if (!tokenFile.isEmpty()) {
            try {
                token = TokenFile.read(Path.of(tokenFile));
            } catch (IllegalArgumentException e) {
                problems.add(HTTP_AUTH_TOKEN_FILE + "=" + tokenFile + " " + e.getMessage());
            }
        }
        String keyStore = getString(HTTP_TLS_KEYSTORE_FILE).trim();
        if (!keyStore.isEmpty()) {
            try {
                server = TlsFiles.server(Path.of(keyStore), password(HTTP_TLS_KEYSTORE_PASSWORD));
            } catch (IllegalArgumentException e) {
                problems.add(HTTP_TLS_KEYSTORE_FILE + "=" + keyStore + " " + e.getMessage()
                        + (e.getMessage().contains("password") ? " (" + HTTP_TLS_KEYSTORE_PASSWORD + ")" : ""));
            }
        }
        String trustStore = getString(HTTP_TLS_TRUSTSTORE_FILE).trim();
        if (!trustStore.isEmpty()) {
            try {
                client = TlsFiles.client(Path.of(trustStore), password(HTTP_TLS_TRUSTSTORE_PASSWORD));
            } catch (IllegalArgumentException e) {
                problems.add(HTTP_TLS_TRUSTSTORE_FILE + "=" + trustStore + " " + e.getMessage()
                        + (e.getMessage().contains("password") ? " (" + HTTP_TLS_TRUSTSTORE_PASSWORD + ")" : ""));
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(String.join("; ", problems));
        }
        return new ApiSecurity(token, server, client);
    }

    private char[] password(String key) {
        Password password = getPassword(key);
        return password == null ? new char[0] : password.value().toCharArray();
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

    public String deadLetterTopic() {
        return getString(DEAD_LETTER_TOPIC);
    }

    /** Retention and resolution of history (their conflicts were refused by the constructor). */
    public HistoryOptions history() {
        return new HistoryOptions(Duration.ofMillis(getLong(HISTORY_RAW_RETENTION_MS)),
                Duration.ofMillis(getLong(HISTORY_ROLLUP_INTERVAL_MS)),
                Duration.ofMillis(getLong(HISTORY_ROLLUP_RETENTION_MS)),
                Duration.ofMillis(getLong(HISTORY_EXITED_RETENTION_MS)),
                Duration.ofMillis(getLong(CLOCK_SKEW_TOLERANCE_MS)),
                new HostLimits(getInt(HOST_MAX_PROCESSES), getInt(HOST_MAX_EXITED_PROCESSES),
                        getLong(HOST_MAX_PENDING_MAPPING_BYTES)));
    }

    /** The {@code kafka.*} keys with the prefix removed. */
    public Map<String, Object> streamsOverrides() {
        return originalsWithPrefix(STREAMS_PREFIX);
    }
}
