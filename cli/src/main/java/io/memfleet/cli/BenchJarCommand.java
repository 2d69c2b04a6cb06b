package io.memfleet.cli;

import io.memfleet.common.Cli;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * {@code bench} in {@code memfleet --help}. The benchmarks live in their own jar so that no service
 * jar carries them: the {@code ./memfleet} launcher runs {@code bench/target/memfleet-bench.jar}
 * for {@code memfleet bench ...} and never reaches this; run this jar directly and it says where to go.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks on this machine: collector, aggregator, detect, soak (memfleet bench --help). "
                + "In their own jar, bench/target/memfleet-bench.jar, which ./memfleet builds on first use.")
public final class BenchJarCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Unmatched
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() {
        String rest = args.isEmpty() ? "" : " " + String.join(" ", args);
        spec.commandLine().getErr().println("memfleet bench: the benchmarks are in their own jar: run './memfleet bench"
                + rest + "' or 'java -jar bench/target/memfleet-bench.jar" + rest
                + "' (mvn -pl bench -am package builds it)");
        return Cli.EXIT_USAGE;
    }
}
