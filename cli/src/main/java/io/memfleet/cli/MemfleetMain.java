package io.memfleet.cli;

import io.memfleet.aggregator.AggregatorCommand;
import io.memfleet.alerts.AlertsCommand;
import io.memfleet.collector.CollectorCommand;
import io.memfleet.cli.query.QueryCommand;
import io.memfleet.collector.view.ViewCommand;
import io.memfleet.common.Cli;
import picocli.CommandLine.Command;

/** The {@code memfleet} launcher: one entry point for every command. */
@Command(name = "memfleet", mixinStandardHelpOptions = true, versionProvider = MemfleetMain.Version.class,
        description = "Fleet memory monitor: collectors sample /proc, an aggregator keeps history and flags anomalies.",
        subcommands = {LocalCommand.class, CollectorCommand.class, AggregatorCommand.class, ViewCommand.class,
                QueryCommand.class, AlertsCommand.class, BenchJarCommand.class})
public final class MemfleetMain {

    public static void main(String[] args) {
        System.exit(Cli.commandLine(new MemfleetMain()).execute(args));
    }

    static final class Version implements picocli.CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"memfleet " + io.memfleet.collector.Collector.version()};
        }
    }
}
