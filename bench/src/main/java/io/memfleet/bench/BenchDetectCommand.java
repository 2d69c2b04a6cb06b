package io.memfleet.bench;

import io.memfleet.aggregator.detect.heap.HeapGrowthSettings;
import io.memfleet.bench.exec.ExecBench;
import io.memfleet.bench.exec.ExecReport;
import io.memfleet.bench.heap.HeapBench;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code memfleet bench detect}: the leak detector scored on the simulated labelled corpus (event
 * time, so days of samples run in seconds) — precision, recall, false alarms per 10,000 benign
 * process-days and time to detect, per class and overall. Then the executable-mapping detector on
 * real processes (the scenarios of {@code ExecMappingRealProcessTest}): per technique, whether it was
 * caught, and the findings on a JVM under JIT load after learning.
 */
@Command(name = "detect", mixinStandardHelpOptions = true,
        description = "Score the HEAP_GROWTH detector on the simulated corpus: leaks of several rates and shapes and "
                + "hard negatives (cache fill, JVM heap to -Xmx, arenas, page cache, shmem, spikes, restarts). "
                + "Then the executable-mapping detectors on real processes: C programs compiled with cc, one "
                + "technique each, and a JVM under JIT load (about 15 s; needs cc and /proc).",
        footer = {"", "See docs/detection.md."})
final class BenchDetectCommand implements Callable<Integer> {

    @Option(names = "--seed", paramLabel = "N", description = "Corpus seed. Default: the held-out seed "
            + HeapBench.HELD_OUT_SEED + " (the detector was tuned on " + HeapBench.TUNING_SEED + ").")
    long seed = HeapBench.HELD_OUT_SEED;

    @Option(names = "--per-class", paramLabel = "N", description = "Series per class. Default ${DEFAULT-VALUE}.")
    int perClass = 40;

    @Option(names = "--days", paramLabel = "D", description = "Days per series. Default ${DEFAULT-VALUE}.")
    double days = 5;

    @Option(names = "--skip-exec", description = "Do not run the executable-mapping scenarios on real processes.")
    boolean skipExec;

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
        if (!skipExec) {
            long execStarted = System.nanoTime();
            ExecReport exec = ExecBench.run();
            spec.commandLine().getOut().println();
            spec.commandLine().getOut().print(exec.table());
            spec.commandLine().getOut().flush();
            if (exec.ran()) {
                spec.commandLine().getOut().printf("(%.0f s)%n", (System.nanoTime() - execStarted) / 1e9);
            }
        }
        return 0;
    }
}
