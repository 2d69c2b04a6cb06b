package io.memfleet.bench;

import io.memfleet.common.Cli;

/** Entry point of the benchmarks' own jar ({@code java -jar memfleet-bench.jar}), which {@code ./memfleet bench} runs. */
public final class BenchMain {

    private BenchMain() {
    }

    public static void main(String[] args) {
        System.exit(Cli.commandLine(new BenchCommand()).execute(args));
    }
}
