package io.memfleet.cli.bench;

import picocli.CommandLine.Command;

/** {@code memfleet bench}: benchmarks run on this machine; not tests, they print numbers. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks on this machine: 'memfleet bench collector' measures a collector pass, "
                + "'memfleet bench detect' scores the leak detector.",
        subcommands = {BenchCollectorCommand.class, BenchDetectCommand.class})
public final class BenchCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "name a benchmark: collector or detect");
    }
}
