package io.memfleet.alerts;

import io.memfleet.common.ConfigFiles;
import io.memfleet.common.config.ConfigKeys;
import io.memfleet.common.config.ConfigReport;
import io.memfleet.common.config.Validators;
import io.memfleet.schema.kafka.Topics;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/**
 * Settings of {@code memfleet alerts}: a properties file ({@code /etc/memfleet/alerts.properties} by
 * default) overlaid by flags; {@code kafka.*} keys go to the consumer without the prefix.
 */
public final class AlertsConfig extends AbstractConfig {

    public static final String KAFKA_PREFIX = "kafka.";

    public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
    public static final String ALERTMANAGER_URLS = "alertmanager.urls";
    public static final String GROUP_ID = "group.id";
    public static final String TOPIC = "topic";
    public static final String RESEND_INTERVAL_MS = "resend.interval.ms";
    public static final String FIRING_TIMEOUT_MS = "firing.timeout.ms";
    public static final String RETRY_BACKOFF_MS = "retry.backoff.ms";
    public static final String RETRY_BACKOFF_MAX_MS = "retry.backoff.max.ms";
    public static final String REQUEST_TIMEOUT_MS = "request.timeout.ms";
    public static final String EVIDENCE_MAX_CHARS = "evidence.max.chars";
    public static final String AGGREGATOR_URL = "aggregator.url";
    public static final String METRICS_PORT = "metrics.port";
    public static final String METRICS_HOST = "metrics.host";

    public static final Path DEFAULT_CONFIG_FILE = Path.of("/etc/memfleet/alerts.properties");

    private static final String URL_EXAMPLE = "an http:// or https:// URL such as http://127.0.0.1:9093";

    /** Each element an absolute http(s) URL with a host and no query. */
    static final ConfigDef.Validator HTTP_URLS = Validators.described("comma-separated http(s) URLs",
            (name, value) -> {
                List<?> urls = (List<?>) value;
                if (urls == null || urls.isEmpty()) {
                    throw new ConfigException(name, value, "must list at least one Alertmanager, " + URL_EXAMPLE);
                }
                for (Object url : urls) {
                    checkUrl(name, url.toString());
                }
            });

    /** Empty, or an http(s) URL. */
    private static final ConfigDef.Validator OPTIONAL_HTTP_URL = Validators.described("empty or an http(s) URL",
            (name, value) -> {
                if (value != null && !value.toString().isEmpty()) {
                    checkUrl(name, value.toString());
                }
            });

    static final ConfigDef DEFINITION = new ConfigDef()
            .define(BOOTSTRAP_SERVERS, Type.LIST, ConfigDef.NO_DEFAULT_VALUE, ConfigFiles.NON_EMPTY_LIST,
                    Importance.HIGH, "Kafka brokers, host:port[,host:port...].")
            .define(ALERTMANAGER_URLS, Type.LIST, ConfigDef.NO_DEFAULT_VALUE, HTTP_URLS, Importance.HIGH,
                    "Alertmanager base URLs (http://host:9093, with its route prefix if it has one); every "
                            + "instance of an HA pair, since they do not share alerts.")
            .define(GROUP_ID, Type.STRING, "memfleet-alerts", new ConfigDef.NonEmptyString(), Importance.HIGH,
                    "Consumer group: its committed offsets say which anomalies were delivered.")
            .define(TOPIC, Type.STRING, Topics.ANOMALIES, new ConfigDef.NonEmptyString(), Importance.LOW,
                    "Topic of anomaly events.")
            .define(RESEND_INTERVAL_MS, Type.LONG, 60_000L, ConfigDef.Range.between(1_000, 3_600_000),
                    Importance.MEDIUM, "How often every firing alert is sent again, milliseconds.")
            .define(FIRING_TIMEOUT_MS, Type.LONG, 300_000L, ConfigDef.Range.between(2_000, 86_400_000),
                    Importance.MEDIUM, "A firing alert's endsAt is this long after it was last sent, so the "
                            + "alerts of a bridge that stopped resolve by themselves; more than " + RESEND_INTERVAL_MS
                            + ".")
            .define(RETRY_BACKOFF_MS, Type.LONG, 500L, ConfigDef.Range.between(10, 60_000), Importance.LOW,
                    "First wait before sending again to an Alertmanager that is down, milliseconds; doubles.")
            .define(RETRY_BACKOFF_MAX_MS, Type.LONG, 30_000L, ConfigDef.Range.between(10, 600_000), Importance.LOW,
                    "Longest wait between two attempts, milliseconds; at least " + RETRY_BACKOFF_MS + ".")
            .define(REQUEST_TIMEOUT_MS, Type.LONG, 10_000L, ConfigDef.Range.between(100, 300_000), Importance.LOW,
                    "Time allowed to connect to an Alertmanager, and again for its answer, milliseconds.")
            .define(EVIDENCE_MAX_CHARS, Type.INT, 4_000, ConfigDef.Range.between(100, 1_000_000), Importance.LOW,
                    "Cap on the evidence annotation, characters.")
            .define(AGGREGATOR_URL, Type.STRING, "", OPTIONAL_HTTP_URL, Importance.LOW,
                    "Base URL of the aggregator's API; when set, each alert's generatorURL lists the host's "
                            + "anomalies there.")
            .define(METRICS_PORT, Type.INT, 0, ConfigDef.Range.between(0, 65535), Importance.LOW,
                    "Port of the Prometheus metrics endpoint (GET /metrics); 0, the default, serves none.")
            .define(METRICS_HOST, Type.STRING, "127.0.0.1", new ConfigDef.NonEmptyString(), Importance.LOW,
                    "Address the metrics endpoint binds to when metrics.port is set; loopback unless told otherwise.");

    /** The keys, for validation, {@code --help} and docs/configuration.md. */
    public static final ConfigKeys KEYS = new ConfigKeys(DEFINITION, KAFKA_PREFIX,
            "Passed to the Kafka consumer without the prefix: TLS, SASL, tuning (kafka.security.protocol=SSL, ...).");

    /** Fails, naming every bad value, unknown key and conflict at once, if {@code values} has any. */
    public AlertsConfig(Map<String, ?> values) {
        super(DEFINITION, checked(values), false);
    }

    private static Map<String, ?> checked(Map<String, ?> values) {
        ConfigReport report = ConfigReport.of(KEYS, values);
        if (report.isValid(FIRING_TIMEOUT_MS, RESEND_INTERVAL_MS)
                && (Long) report.value(FIRING_TIMEOUT_MS) <= (Long) report.value(RESEND_INTERVAL_MS)) {
            report.conflict(new ConfigException(FIRING_TIMEOUT_MS, report.value(FIRING_TIMEOUT_MS),
                    "must be longer than " + RESEND_INTERVAL_MS + "=" + report.value(RESEND_INTERVAL_MS)
                            + ", or firing alerts expire between two sends").getMessage());
        }
        if (report.isValid(RETRY_BACKOFF_MAX_MS, RETRY_BACKOFF_MS)
                && (Long) report.value(RETRY_BACKOFF_MAX_MS) < (Long) report.value(RETRY_BACKOFF_MS)) {
            report.conflict(new ConfigException(RETRY_BACKOFF_MAX_MS, report.value(RETRY_BACKOFF_MAX_MS),
                    "must be at least " + RETRY_BACKOFF_MS + "=" + report.value(RETRY_BACKOFF_MS)).getMessage());
        }
        report.throwIfAny();
        return values;
    }

    /** The metrics endpoint's port; 0 when metrics are off. */
    public int metricsPort() {
        return getInt(METRICS_PORT);
    }

    public String metricsHost() {
        return getString(METRICS_HOST);
    }

    public List<String> bootstrapServers() {
        return getList(BOOTSTRAP_SERVERS);
    }

    /** The {@code POST /api/v2/alerts} endpoint of every configured Alertmanager. */
    public List<URI> alertsEndpoints() {
        List<URI> endpoints = new ArrayList<>();
        for (String url : getList(ALERTMANAGER_URLS)) {
            String base = stripSlashes(url.trim());
            endpoints.add(URI.create(base.endsWith("/api/v2/alerts") ? base : base + "/api/v2/alerts"));
        }
        return endpoints;
    }

    public String groupId() {
        return getString(GROUP_ID);
    }

    public String topic() {
        return getString(TOPIC);
    }

    public Duration resendInterval() {
        return Duration.ofMillis(getLong(RESEND_INTERVAL_MS));
    }

    public Duration retryBackoff() {
        return Duration.ofMillis(getLong(RETRY_BACKOFF_MS));
    }

    public Duration retryBackoffMax() {
        return Duration.ofMillis(getLong(RETRY_BACKOFF_MAX_MS));
    }

    public Duration requestTimeout() {
        return Duration.ofMillis(getLong(REQUEST_TIMEOUT_MS));
    }

    public AlertMapping.Settings mapping() {
        String aggregator = getString(AGGREGATOR_URL);
        return new AlertMapping.Settings(Duration.ofMillis(getLong(FIRING_TIMEOUT_MS)), getInt(EVIDENCE_MAX_CHARS),
                aggregator.isEmpty() ? null : stripSlashes(aggregator.trim()));
    }

    /** The {@code kafka.*} keys without the prefix. */
    public Map<String, Object> consumerOverrides() {
        return originalsWithPrefix(KAFKA_PREFIX);
    }

    private static void checkUrl(String name, String text) {
        String url = text.trim();
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme();
            if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                    || uri.getHost() == null || uri.getRawQuery() != null || uri.getRawFragment() != null
                    || uri.getRawUserInfo() != null) {
                throw new ConfigException(name, text, "must be " + URL_EXAMPLE + " (no query, fragment or user)");
            }
        } catch (URISyntaxException e) {
            throw new ConfigException(name, text, "must be " + URL_EXAMPLE + ": " + e.getReason());
        }
    }

    private static String stripSlashes(String url) {
        String base = url;
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return base;
    }
}
