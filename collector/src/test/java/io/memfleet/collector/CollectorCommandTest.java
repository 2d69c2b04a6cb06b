package io.memfleet.collector;

import static org.assertj.core.api.Assertions.assertThat;

import io.memfleet.common.Cli;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** A wrong flag or a bad config value stops the collector with one line that names it, before it touches Kafka. */
class CollectorCommandTest {

    @TempDir
    Path dir;

    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine commandLine = Cli.commandLine(new CollectorCommand());
        commandLine.setErr(new PrintWriter(err, true));
        commandLine.setOut(new PrintWriter(new StringWriter(), true));
        return commandLine.execute(args);
    }

    private Path configFile(String text) throws IOException {
        return Files.writeString(dir.resolve("collector.properties"), text);
    }

    @Test
    void shouldRejectAnUnknownFlag() {
        assertThat(run("--bootstrap-servers", "localhost:9092", "--intervall", "5s")).isEqualTo(Cli.EXIT_USAGE);
        assertThat(err.toString()).contains("Unknown option").contains("--intervall");
    }

    @Test
    void shouldRequireBrokers() {
        assertThat(run("--once", "--config", dir.resolve("absent.properties").toString()))
                .isEqualTo(Cli.EXIT_USAGE);
        assertThat(err.toString()).contains("absent.properties");
    }

    @Test
    void shouldSayWhenNoBrokersAreGiven() throws IOException {
        assertThat(run("--once", "--config", configFile("interval.ms=1000\n").toString())).isEqualTo(Cli.EXIT_USAGE);
        assertThat(err.toString()).contains("no Kafka brokers given").contains("--bootstrap-servers");
    }

    @Test
    void shouldNameAnUnknownConfigKey() throws IOException {
        Path file = configFile("bootstrap.servers=localhost:9092\nintervall.ms=1000\n");

        assertThat(run("--once", "--config", file.toString())).isEqualTo(Cli.EXIT_USAGE);
        assertThat(err.toString()).contains("unknown configuration key intervall.ms (did you mean interval.ms?)");
    }

    @Test
    void shouldNameABadConfigValue() throws IOException {
        Path file = configFile("bootstrap.servers=localhost:9092\ninterval.ms=often\n");

        assertThat(run("--once", "--config", file.toString())).isEqualTo(Cli.EXIT_USAGE);
        assertThat(err.toString()).contains("Invalid value often for configuration interval.ms");
    }

    @Test
    void shouldRejectAnIntervalBelowTheMinimum() {
        assertThat(run("--bootstrap-servers", "localhost:9092", "--interval", "10ms")).isEqualTo(Cli.EXIT_USAGE);
        assertThat(err.toString()).contains("interval.ms");
    }

    @Test
    void shouldRejectAMalformedDuration() {
        assertThat(run("--bootstrap-servers", "localhost:9092", "--interval", "soon")).isEqualTo(Cli.EXIT_USAGE);
        assertThat(err.toString()).contains("--interval").contains("500ms, 10s, 5m or 1h");
    }

    @Test
    void shouldRejectAnUnknownFormat() {
        assertThat(run("--bootstrap-servers", "localhost:9092", "--format", "xml")).isEqualTo(Cli.EXIT_USAGE);
        assertThat(err.toString()).contains("Invalid value xml for configuration format");
    }

    @Test
    void shouldNameABadProcessNamePattern() throws IOException {
        Path file = configFile("bootstrap.servers=localhost:9092\nexclude.names=kworker/(.*\n");

        assertThat(run("--once", "--config", file.toString())).isEqualTo(Cli.EXIT_USAGE);
        assertThat(err.toString()).contains("configuration exclude.names").contains("not a regular expression");
    }

    @Test
    void shouldNameABadUid() throws IOException {
        Path file = configFile("bootstrap.servers=localhost:9092\ninclude.uids=1000,root\n");

        assertThat(run("--once", "--config", file.toString())).isEqualTo(Cli.EXIT_USAGE);
        assertThat(err.toString()).contains("Invalid value root for configuration include.uids");
    }

    @Test
    void shouldRejectAMetricsPortOutOfRange() {
        assertThat(run("--bootstrap-servers", "localhost:9092", "--metrics-port", "70000")).isEqualTo(Cli.EXIT_USAGE);
        assertThat(err.toString()).contains("Invalid value 70000 for configuration metrics.port");
    }

    @Test
    void shouldNameAnEmptyMetricsHost() throws IOException {
        Path file = configFile("bootstrap.servers=localhost:9092\nmetrics.port=9400\nmetrics.host=\n");

        assertThat(run("--once", "--config", file.toString())).isEqualTo(Cli.EXIT_USAGE);
        assertThat(err.toString()).contains("configuration metrics.host");
    }

    @Test
    void shouldServeNoMetricsUnlessAPortIsGiven() throws IOException {
        CollectorCommand command = new CollectorCommand();
        new CommandLine(command).parseArgs("--bootstrap-servers", "localhost:9092");
        CollectorConfig defaults = new CollectorConfig(command.settings());
        assertThat(defaults.metricsPort()).isZero();
        assertThat(defaults.metricsHost()).isEqualTo("127.0.0.1");

        new CommandLine(command).parseArgs("--bootstrap-servers", "localhost:9092", "--metrics-port", "9400");
        assertThat(new CollectorConfig(command.settings()).metricsPort()).isEqualTo(9400);
    }

    @Test
    void shouldLetFlagsWinOverTheFile() throws IOException {
        CollectorCommand command = new CollectorCommand();
        new CommandLine(command).parseArgs("--config",
                configFile("bootstrap.servers=file:9092\ninterval.ms=60000\nkafka.linger.ms=5\n").toString(),
                "--bootstrap-servers", "flag:9092", "--host-id", "h1");

        CollectorConfig config = new CollectorConfig(command.settings());

        assertThat(config.bootstrapServers()).containsExactly("flag:9092");
        assertThat(config.interval().toMillis()).isEqualTo(60_000);
        assertThat(config.hostIdOverride()).isEqualTo("h1");
        assertThat(config.producerOverrides()).containsEntry("linger.ms", "5");
    }

    @Test
    void shouldNameEveryProblemOfTheFileAtOnce() throws IOException {
        Path file = configFile("bootstrap.servers=localhost:9092\ninterval.ms=often\nmetrics.port=70000\n"
                + "exclude.names=kworker/(.*\nspool.max.bytes=-1\nspol.dir=/tmp\n");

        assertThat(run("--once", "--config", file.toString())).isEqualTo(Cli.EXIT_USAGE);
        assertThat(err.toString()).contains("5 problems")
                .contains("Invalid value often for configuration interval.ms")
                .contains("Invalid value 70000 for configuration metrics.port")
                .contains("configuration exclude.names")
                .contains("Invalid value -1 for configuration spool.max.bytes")
                .contains("unknown configuration key spol.dir (did you mean spool.dir?)");
    }

    @Test
    void shouldNameAUidBothIncludedAndExcluded() throws IOException {
        Path file = configFile("bootstrap.servers=localhost:9092\ninclude.uids=1000,1001\nexclude.uids=0,1001\n");

        assertThat(run("--once", "--config", file.toString())).isEqualTo(Cli.EXIT_USAGE);
        assertThat(err.toString()).contains("include.uids and exclude.uids both list 1001");
    }

    @Test
    void shouldNameAProcessNameBothIncludedAndExcluded() throws IOException {
        Path file = configFile("bootstrap.servers=localhost:9092\ninclude.names=java,postgres\nexclude.names=java\n");

        assertThat(run("--once", "--config", file.toString())).isEqualTo(Cli.EXIT_USAGE);
        assertThat(err.toString()).contains("include.names and exclude.names both list java");
    }

    @Test
    void shouldListEveryConfigKeyInHelp() {
        String help = new CommandLine(new CollectorCommand()).getUsageMessage();

        assertThat(CollectorConfig.KEYS.definition().names()).allSatisfy(key -> assertThat(help).contains("  " + key + " ("));
        assertThat(help).contains("cgroup.root (string, default /sys/fs/cgroup").contains("kafka.*");
    }
}
