package io.memfleet.bench.aggregator;

import static org.assertj.core.api.Assertions.assertThat;

import io.memfleet.common.Cli;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class BenchAggregatorCommandTest {

    private static BenchAggregatorCommand parse(String... args) {
        BenchAggregatorCommand command = new BenchAggregatorCommand();
        new CommandLine(command).parseArgs(args);
        return command;
    }

    @Test
    void shouldDefaultToHostsOfThreeHundredProcessesAndADayOfHistory() {
        BenchAggregatorCommand command = parse();
        assertThat(command.hosts).isEqualTo(20);
        assertThat(command.processes).isEqualTo(300);
        assertThat(command.passes).isEqualTo(6);
        assertThat(command.mappings).isEqualTo(200);
        assertThat(command.historySamples).isEqualTo(8_640);
        assertThat(command.format).isEqualTo("json");
        command.validate();
    }

    @Test
    void shouldTakeBiggerSizes() {
        BenchAggregatorCommand command = parse("--hosts", "1000", "--processes", "300", "--passes", "10",
                "--format", "avro", "--partitions", "24", "--stream-threads", "2");
        assertThat(command.hosts).isEqualTo(1000);
        assertThat(command.passes).isEqualTo(10);
        assertThat(command.partitions).isEqualTo(24);
        command.validate();
        assertThat(parse("--set", "kafka.commit.interval.ms=1000").aggregatorSettings)
                .containsEntry("kafka.commit.interval.ms", "1000");
    }

    @Test
    void shouldRejectBadValuesWithExitCode2NamingTheOption() {
        for (String[] args : new String[][] {{"--hosts", "0"}, {"--passes", "1"}, {"--format", "xml"},
            {"--history-samples", "9000"}, {"--change-percent", "101"}, {"--utilisation", "0"}}) {
            StringWriter err = new StringWriter();
            CommandLine commandLine = Cli.commandLine(new BenchAggregatorCommand());
            commandLine.setErr(new PrintWriter(err));
            assertThat(commandLine.execute(args)).as(String.join(" ", args)).isEqualTo(Cli.EXIT_USAGE);
            assertThat(err.toString()).contains(args[0]);
        }
    }
}
