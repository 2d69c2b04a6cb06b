package io.memfleet.aggregator;

import io.memfleet.common.Cli;

/** Entry point of the aggregator's own jar ({@code java -jar memfleet-aggregator.jar}). */
public final class AggregatorMain {

    private AggregatorMain() {
    }

    public static void main(String[] args) {
        System.exit(Cli.commandLine(new AggregatorCommand()).execute(args));
    }
}
