package io.memfleet.aggregator;

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

/** {@code memfleet aggregator}: every problem of its configuration in one error, exit 2; every key in --help. */
class AggregatorCommandTest {

    @TempDir
    Path dir;

    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine commandLine = Cli.commandLine(new AggregatorCommand());
        commandLine.setErr(new PrintWriter(err, true));
        commandLine.setOut(new PrintWriter(new StringWriter(), true));
        return commandLine.execute(args);
    }

    @Test
    void shouldNameABadPortANegativeRetentionAndAnUnknownKeyAtOnce() throws IOException {
        Path file = Files.writeString(dir.resolve("aggregator.properties"), "bootstrap.servers=localhost:9092\n"
                + "http.port=80800\nhistory.raw.retention.ms=-1\nhistory.raw.retension.ms=1\n");

        assertThat(run("--config", file.toString())).isEqualTo(Cli.EXIT_USAGE);
        assertThat(err.toString()).startsWith("memfleet aggregator: configuration error: 3 problems:")
                .contains("Invalid value 80800 for configuration http.port")
                .contains("Invalid value -1 for configuration history.raw.retention.ms")
                .contains("unknown configuration key history.raw.retension.ms (did you mean history.raw.retention.ms?)");
    }

    @Test
    void shouldNameAConflictWithTheBadValues() throws IOException {
        Path file = Files.writeString(dir.resolve("aggregator.properties"), "bootstrap.servers=localhost:9092\n"
                + "topic.partitions=0\ndetect.heap.window.ms=7200000\ndetect.heap.sustain.ms=86400000\n");

        assertThat(run("--config", file.toString())).isEqualTo(Cli.EXIT_USAGE);
        assertThat(err.toString()).contains("2 problems:")
                .contains("Invalid value 0 for configuration topic.partitions")
                .contains("detect.heap.sustain.ms=86400000 must be within detect.heap.min.window.ms");
    }

    @Test
    void shouldLetFlagsWinOverTheFile() throws IOException {
        Path file = Files.writeString(dir.resolve("aggregator.properties"), "bootstrap.servers=file:9092\n"
                + "http.port=80800\n");
        AggregatorCommand command = new AggregatorCommand();
        new CommandLine(command).parseArgs("--config", file.toString(), "--http-port", "9090");

        assertThat(new AggregatorConfig(command.settings()).httpPort()).isEqualTo(9090);
    }

    @Test
    void shouldListEveryConfigKeyInHelp() {
        String help = new CommandLine(new AggregatorCommand()).getUsageMessage();

        assertThat(AggregatorConfig.KEYS.definition().names())
                .contains("dead.letter.topic", "history.raw.retention.ms", "detect.heap.window.ms")
                .allSatisfy(key -> assertThat(help).contains("  " + key + " ("));
        assertThat(help).contains("  kafka.*");
    }
}
