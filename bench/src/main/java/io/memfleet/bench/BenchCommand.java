package io.memfleet.bench;

import io.memfleet.bench.aggregator.BenchAggregatorCommand;
import io.memfleet.bench.collector.BenchCollectorCommand;
import picocli.CommandLine.Command;

/** {@code memfleet bench}: benchmarks run on this machine; not tests, they print numbers. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks on this machine: 'memfleet bench collector' measures a collector pass, "
                + "'memfleet bench aggregator' the aggregator's ingest and queries, 'memfleet bench detect' scores "
                + "the detectors, 'memfleet bench soak' runs the aggregator under load for a while.",
        subcommands = {BenchCollectorCommand.class, BenchAggregatorCommand.class, BenchDetectCommand.class,
            io.memfleet.bench.aggregator.BenchSoakCommand.class})
public final class BenchCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "name a benchmark: collector, aggregator, detect or soak");
    }
}
