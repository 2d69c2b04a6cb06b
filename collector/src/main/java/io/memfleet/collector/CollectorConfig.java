package io.memfleet.collector;

import io.memfleet.collector.sample.CmdlineRedactor;
import io.memfleet.collector.sample.ProcessFilter;
import io.memfleet.common.ConfigFiles;
import io.memfleet.common.config.ConfigKeys;
import io.memfleet.common.config.ConfigReport;
import io.memfleet.common.config.Validators;
import io.memfleet.schema.codec.WireFormat;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/**
 * The collector's settings: a properties file ({@code /etc/memfleet/collector.properties} by
 * default) overlaid by command-line flags. Every key is declared once here with its type,
 * default, validator and doc; {@code --help} and docs/configuration.md are rendered from it. Bad
 * values fail at start, all of them in one error, each as Kafka's "Invalid value X for
 * configuration Y". Keys starting with {@value #KAFKA_PREFIX} go to the producer unchanged (TLS,
 * SASL, tuning).
 */
public final class CollectorConfig extends AbstractConfig {

    public static final String KAFKA_PREFIX = "kafka.";

    public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
    public static final String INTERVAL_MS = "interval.ms";
    public static final String PROC_ROOT = "proc.root";
    public static final String CGROUP_ROOT = "cgroup.root";
    public static final String HOST_ID = "host.id";
    public static final String MACHINE_ID_FILE = "machine.id.file";
    public static final String FORMAT = "format";
    public static final String RESYNC_INTERVAL_MS = "resync.interval.ms";
    public static final String SPOOL_DIR = "spool.dir";
    public static final String INCLUDE_NAMES = "include.names";
    public static final String EXCLUDE_NAMES = "exclude.names";
    public static final String INCLUDE_UIDS = "include.uids";
    public static final String EXCLUDE_UIDS = "exclude.uids";
    public static final String CMDLINE_ENABLED = "cmdline.enabled";
    public static final String CMDLINE_REDACT_NAMES = "cmdline.redact.names";
    public static final String SPOOL_MAX_BYTES = "spool.max.bytes";
    public static final String METRICS_PORT = "metrics.port";
    public static final String METRICS_HOST = "metrics.host";

    public static final Path DEFAULT_CONFIG_FILE = Path.of("/etc/memfleet/collector.properties");

    private static final ConfigDef.Validator REGEX = Validators.described("a regular expression", (name, value) -> {
        if (value != null) {
            compile(name, (String) value);
        }
    });

    private static final ConfigDef.Validator REGEX_LIST = Validators.described("comma-separated regular expressions",
            (name, value) -> {
                for (Object pattern : value == null ? List.of() : (List<?>) value) {
                    compile(name, pattern.toString());
                }
            });

    private static final ConfigDef.Validator UID_LIST = Validators.described("comma-separated uids (numbers >= 0)",
            (name, value) -> {
                for (Object uid : value == null ? List.of() : (List<?>) value) {
                    try {
                        if (Long.parseLong(uid.toString().trim()) < 0) {
                            throw new NumberFormatException();
                        }
                    } catch (NumberFormatException e) {
                        throw new ConfigException(name, uid, "not a uid (a number >= 0)");
                    }
                }
            });

    private static Pattern compile(String name, String regex) {
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new ConfigException(name, regex, "not a regular expression: " + e.getDescription());
        }
    }

    static final ConfigDef DEFINITION = new ConfigDef()
            .define(BOOTSTRAP_SERVERS, Type.LIST, ConfigDef.NO_DEFAULT_VALUE, ConfigFiles.NON_EMPTY_LIST,
                    Importance.HIGH, "Kafka brokers to publish to, host:port[,host:port...].")
            .define(INTERVAL_MS, Type.LONG, 10_000L, ConfigDef.Range.between(100, 3_600_000), Importance.HIGH,
                    "Time between the starts of two sampling passes, milliseconds.")
            .define(PROC_ROOT, Type.STRING, "/proc", new ConfigDef.NonEmptyString(), Importance.MEDIUM,
                    "Where procfs is mounted (a host's /proc seen from a container is often /host/proc).")
            .define(CGROUP_ROOT, Type.STRING, "/sys/fs/cgroup", new ConfigDef.NonEmptyString(), Importance.LOW,
                    "Where the cgroup file systems are mounted (v2 unified, or v1 with a memory/ hierarchy); "
                            + "processes' memory limits are read there.")
            .define(HOST_ID, Type.STRING, "", Importance.MEDIUM,
                    "This host's identifier and record key; empty means the contents of machine.id.file.")
            .define(MACHINE_ID_FILE, Type.STRING, "/etc/machine-id", new ConfigDef.NonEmptyString(), Importance.LOW,
                    "File whose first line is the host id when host.id is empty.")
            .define(FORMAT, Type.STRING, "json", ConfigDef.CaseInsensitiveValidString.in("json", "avro"),
                    Importance.MEDIUM, "Wire format of published records: json (readable with kcat | jq) or avro.")
            .define(RESYNC_INTERVAL_MS, Type.LONG, 600_000L, ConfigDef.Range.atLeast(0), Importance.LOW,
                    "Send a process's full mapping list at least this often even if it did not change, "
                            + "milliseconds; 0 sends it only on change.")
            .define(SPOOL_DIR, Type.STRING, "", Importance.MEDIUM,
                    "Directory of the on-disk spool that holds records until Kafka acknowledges them; empty means "
                            + "$STATE_DIRECTORY/spool under systemd, else /var/lib/memfleet-collector/spool, else "
                            + "$XDG_STATE_HOME/memfleet/collector-spool.")
            .define(SPOOL_MAX_BYTES, Type.LONG, 256L * 1024 * 1024, ConfigDef.Range.atLeast(1024 * 1024),
                    Importance.MEDIUM, "Cap on the spool's size, bytes; when full, the oldest records are dropped "
                            + "and counted.")
            .define(INCLUDE_NAMES, Type.LIST, "", REGEX_LIST, Importance.LOW,
                    "Sample only processes whose command name (comm) matches one of these regular expressions; "
                            + "empty samples all.")
            .define(EXCLUDE_NAMES, Type.LIST, "", REGEX_LIST, Importance.LOW,
                    "Never sample processes whose command name matches one of these regular expressions.")
            .define(INCLUDE_UIDS, Type.LIST, "", UID_LIST, Importance.LOW,
                    "Sample only processes whose real uid is one of these; empty samples all.")
            .define(EXCLUDE_UIDS, Type.LIST, "", UID_LIST, Importance.LOW,
                    "Never sample processes whose real uid is one of these.")
            .define(CMDLINE_ENABLED, Type.BOOLEAN, false, Importance.LOW,
                    "Collect each process's command line (sent with its mapping list), with secret-looking values "
                            + "replaced by ***. Off by default: command lines can hold secrets the redaction misses.")
            .define(CMDLINE_REDACT_NAMES, Type.STRING, CmdlineRedactor.DEFAULT_SECRET_NAMES, REGEX, Importance.LOW,
                    "Regular expression alternation of option and variable names whose values are redacted "
                            + "(--NAME=v, --NAME v, NAME=v, matched as a whole name or a -/_/. separated suffix).")
            .define(METRICS_PORT, Type.INT, 0, ConfigDef.Range.between(0, 65535), Importance.LOW,
                    "Port of the Prometheus metrics endpoint (GET /metrics); 0, the default, serves no metrics "
                            + "and loads no metrics code.")
            .define(METRICS_HOST, Type.STRING, "127.0.0.1", new ConfigDef.NonEmptyString(), Importance.LOW,
                    "Address the metrics endpoint binds to when metrics.port is set; loopback unless told otherwise.");

    /** The keys, for validation, {@code --help} and docs/configuration.md. */
    public static final ConfigKeys KEYS = new ConfigKeys(DEFINITION, KAFKA_PREFIX,
            "Passed to the Kafka producer without the prefix: TLS, SASL, tuning (kafka.security.protocol=SSL, "
                    + "kafka.linger.ms=50, ...). memfleet sets acks=all, enable.idempotence=true, "
                    + "compression.type=zstd, linger.ms=50, request.timeout.ms=10000, delivery.timeout.ms=30000, "
                    + "max.block.ms=10000 and buffer.memory=8388608 (8 MiB) unless they are given here.");

    /** Fails, naming every bad value, unknown key and conflict at once, if {@code values} has any. */
    public CollectorConfig(Map<String, ?> values) {
        super(DEFINITION, checked(values), false);
    }

    private static Map<String, ?> checked(Map<String, ?> values) {
        ConfigReport report = ConfigReport.of(KEYS, values);
        bothIncludedAndExcluded(report, INCLUDE_NAMES, EXCLUDE_NAMES);
        bothIncludedAndExcluded(report, INCLUDE_UIDS, EXCLUDE_UIDS);
        report.throwIfAny();
        return values;
    }

    /**
     * An entry in both lists is a mistake, not a rule: exclusion wins, so the include entry does
     * nothing. (Patterns are compared as written; that two different ones overlap is fine.)
     */
    private static void bothIncludedAndExcluded(ConfigReport report, String includeKey, String excludeKey) {
        if (!report.isValid(includeKey, excludeKey)) {
            return;
        }
        List<String> include = ((List<?>) report.value(includeKey)).stream().map(v -> v.toString().trim()).toList();
        List<String> both = ((List<?>) report.value(excludeKey)).stream().map(v -> v.toString().trim())
                .filter(include::contains).distinct().toList();
        if (!both.isEmpty()) {
            report.conflict(includeKey + " and " + excludeKey + " both list " + String.join(",", both)
                    + ": the exclusion wins, so remove it from one of them");
        }
    }

    public List<String> bootstrapServers() {
        return getList(BOOTSTRAP_SERVERS);
    }

    public Duration interval() {
        return Duration.ofMillis(getLong(INTERVAL_MS));
    }

    public Duration resyncInterval() {
        return Duration.ofMillis(getLong(RESYNC_INTERVAL_MS));
    }

    public Path spoolDir() {
        String configured = getString(SPOOL_DIR).trim();
        return configured.isEmpty() ? SpoolDirs.defaultDir() : Path.of(configured);
    }

    public long spoolMaxBytes() {
        return getLong(SPOOL_MAX_BYTES);
    }

    /** The metrics endpoint's port; 0 when metrics are off. */
    public int metricsPort() {
        return getInt(METRICS_PORT);
    }

    public String metricsHost() {
        return getString(METRICS_HOST);
    }

    public ProcessFilter processFilter() {
        return new ProcessFilter(patterns(INCLUDE_NAMES), patterns(EXCLUDE_NAMES), uids(INCLUDE_UIDS),
                uids(EXCLUDE_UIDS));
    }

    /** Redacts command lines, or null when they are not collected. */
    public CmdlineRedactor cmdlineRedactor() {
        return getBoolean(CMDLINE_ENABLED) ? new CmdlineRedactor(getString(CMDLINE_REDACT_NAMES)) : null;
    }

    private List<Pattern> patterns(String key) {
        return getList(key).stream().map(regex -> compile(key, regex)).toList();
    }

    private Set<Long> uids(String key) {
        return getList(key).stream().map(uid -> Long.parseLong(uid.trim())).collect(Collectors.toSet());
    }

    public Path cgroupRoot() {
        return Path.of(getString(CGROUP_ROOT));
    }

    public Path procRoot() {
        return Path.of(getString(PROC_ROOT));
    }

    public String hostIdOverride() {
        return getString(HOST_ID).trim();
    }

    public Path machineIdFile() {
        return Path.of(getString(MACHINE_ID_FILE));
    }

    public WireFormat format() {
        return WireFormat.parse(getString(FORMAT));
    }

    /** The {@code kafka.*} keys with the prefix removed. */
    public Map<String, Object> producerOverrides() {
        return originalsWithPrefix(KAFKA_PREFIX);
    }

    /** The documented keys, for {@code --help-config} and docs/configuration.md. */
    public static String describeKeys() {
        return DEFINITION.toRst();
    }
}
