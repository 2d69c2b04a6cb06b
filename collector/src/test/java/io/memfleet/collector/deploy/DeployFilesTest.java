package io.memfleet.collector.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.memfleet.collector.CollectorConfig;
import io.memfleet.common.ConfigFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The files in {@code deploy/} cannot drift away from the collector: every key the example
 * configuration shows (set or commented out) is one the collector accepts, with a valid value;
 * every key the collector knows is documented there; the unit runs what the build and
 * install.sh produce. (The unit's hardening itself is checked by {@code deploy/test-unit.sh}.)
 */
class DeployFilesTest {

    private static final Path DEPLOY = Path.of("..", "deploy");
    private static final Path EXAMPLE = DEPLOY.resolve("collector.properties.example");
    private static final Path UNIT = DEPLOY.resolve("systemd/memfleet-collector.service");
    /** {@code key=value} or {@code #key=value}: a setting, shown or commented out. */
    private static final Pattern SETTING = Pattern.compile("^#?([a-z][a-z0-9]*(?:\\.[a-z0-9]+)*)=(.*)$");

    @TempDir
    Path dir;

    private static List<String> lines(Path file) throws IOException {
        assertThat(file).as("run from the collector module of the memfleet tree").isRegularFile();
        return Files.readAllLines(file);
    }

    /** The example's settings, commented out or not, in file order (the last one of a key wins). */
    private static Map<String, String> exampleSettings() throws IOException {
        Map<String, String> settings = new HashMap<>();
        for (String line : lines(EXAMPLE)) {
            Matcher m = SETTING.matcher(line);
            if (m.matches()) {
                settings.put(m.group(1), m.group(2));
            }
        }
        return settings;
    }

    @Test
    void shouldShowOnlyKeysTheCollectorAcceptsWithValuesItAccepts() throws IOException {
        // The example with every commented-out setting switched on, read the way the collector reads it.
        Path all = dir.resolve("collector.properties");
        Files.write(all, lines(EXAMPLE).stream()
                .map(line -> SETTING.matcher(line).matches() ? line.replaceFirst("^#", "") : line)
                .filter(line -> !line.startsWith(CollectorConfig.KAFKA_PREFIX))
                .collect(Collectors.toList()));
        Map<String, Object> settings = ConfigFiles.load(all, null);

        assertThat(settings).containsKeys("bootstrap.servers", "interval.ms", "proc.root", "host.id",
                "machine.id.file", "format", "resync.interval.ms", "spool.dir", "spool.max.bytes");
        assertThatCode(() -> new CollectorConfig(settings)).doesNotThrowAnyException();
    }

    @Test
    void shouldShowOnlyRealProducerSettingsUnderKafka() throws IOException {
        Set<String> kafkaKeys = exampleSettings().keySet().stream()
                .filter(key -> key.startsWith(CollectorConfig.KAFKA_PREFIX))
                .map(key -> key.substring(CollectorConfig.KAFKA_PREFIX.length()))
                .collect(Collectors.toCollection(TreeSet::new));

        assertThat(kafkaKeys).contains("security.protocol", "sasl.mechanism", "sasl.jaas.config",
                "ssl.truststore.location");
        assertThat(ProducerConfig.configNames()).containsAll(kafkaKeys);
    }

    @Test
    void shouldDocumentEveryKeyTheCollectorKnows() throws IOException {
        Set<String> known = Pattern.compile("^``([^`]+)``$", Pattern.MULTILINE)
                .matcher(CollectorConfig.describeKeys()).results()
                .map(m -> m.group(1))
                .collect(Collectors.toCollection(TreeSet::new));

        assertThat(known).isNotEmpty();
        assertThat(exampleSettings().keySet()).containsAll(known);
    }

    @Test
    void shouldShipAPlaceholderBrokerThatInstallShRefusesToStartWith() throws IOException {
        assertThat(lines(EXAMPLE)).filteredOn(line -> line.startsWith("bootstrap.servers="))
                .singleElement().asString().contains("example.com");
    }

    @Test
    void shouldRunTheCollectorJarWithTheInstalledConfigAndSpoolInTheStateDirectory() throws IOException {
        List<String> unit = lines(UNIT);

        assertThat(unit).filteredOn(line -> line.startsWith("ExecStart=")).singleElement().asString()
                .contains("@/etc/memfleet/collector-jvm.options")
                .contains("-jar /opt/memfleet/collector/memfleet-collector.jar")
                .contains("--config " + CollectorConfig.DEFAULT_CONFIG_FILE);
        assertThat(unit).contains("StateDirectory=memfleet-collector", "User=memfleet",
                "AmbientCapabilities=CAP_SYS_PTRACE", "ProtectProc=default", "ProcSubset=all");
    }
}
