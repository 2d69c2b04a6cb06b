package io.memfleet.cli.bench;

import io.memfleet.aggregator.detect.heap.HeapGrowthSettings;
import io.memfleet.aggregator.detect.heap.eval.HeapBench;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code memfleet bench detect}: the leak detector scored on the simulated labelled corpus (event
 * time, so days of samples run in seconds) — precision, recall, false alarms per 10,000 benign
 * process-days and time to detect, per class and overall.
 */
@Command(name = "detect", mixinStandardHelpOptions = true,
        description = "Score the HEAP_GROWTH detector on the simulated corpus: leaks of several rates and shapes and "
                + "hard negatives (cache fill, JVM heap to -Xmx, arenas, page cache, shmem, spikes, restarts).",
        footer = {"", "The executable-mapping rules are scored on real processes by ExecMappingRealProcessTest;",
                "see the README's Anomalies section."})
final class BenchDetectCommand implements Callable<Integer> {

    @Option(names = "--seed", paramLabel = "N", description = "Corpus seed. Default: the held-out seed "
            + HeapBench.HELD_OUT_SEED + " (the detector was tuned on " + HeapBench.TUNING_SEED + ").")
    long seed = HeapBench.HELD_OUT_SEED;

    @Option(names = "--per-class", paramLabel = "N", description = "Series per class. Default ${DEFAULT-VALUE}.")
    int perClass = 40;

    @Option(names = "--days", paramLabel = "D", description = "Days per series. Default ${DEFAULT-VALUE}.")
    double days = 5;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (perClass < 1 || days <= 0) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--per-class must be at least 1 and --days positive");
        }
        long started = System.nanoTime();
        HeapBench.Report report = HeapBench.run(seed, perClass, days, HeapGrowthSettings.defaults());
        spec.commandLine().getOut().println(report.table());
        spec.commandLine().getOut().printf("(%d series, %.0f s on %d cores)%n", report.results().size(),
                (System.nanoTime() - started) / 1e9, Runtime.getRuntime().availableProcessors());
        return 0;
    }
}
