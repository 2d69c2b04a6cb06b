package io.memfleet.bench.aggregator;

import io.memfleet.aggregator.Aggregator;
import io.memfleet.aggregator.AggregatorConfig;
import io.memfleet.aggregator.TopicSetup;
import io.memfleet.bench.report.Machine;
import io.memfleet.broker.EmbeddedKafkaBroker;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.utils.Utils;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code memfleet bench soak}: synthetic hosts at an accelerated rate against an aggregator in this
 * JVM for a bounded time; lag, heap and every sample accounted for (see {@link SoakReport}). Exit 0
 * when it passed, 1 when not.
 */
@Command(name = "soak", mixinStandardHelpOptions = true,
        description = {"Soak the aggregator: synthetic hosts send passes in real time, --speedup times faster than "
                + "collectors at 10 s, for --minutes; prints consumer lag and heap after GC as it goes, then a table "
                + "and a verdict (lag bounded, heap flat, every sample accounted for).",
                "Starts an embedded broker (unless --bootstrap-servers) and an aggregator in this JVM; both, and their "
                        + "data, are removed at the end."})
public final class BenchSoakCommand implements Callable<Integer> {

    @Option(names = "--hosts", paramLabel = "N", defaultValue = "40", description = "Default ${DEFAULT-VALUE}.")
    int hosts;

    @Option(names = "--processes", paramLabel = "N", defaultValue = "15",
            description = "Processes per host. Default ${DEFAULT-VALUE}.")
    int processes;

    @Option(names = "--mappings", paramLabel = "N", defaultValue = "32",
            description = "Mappings per process. Default ${DEFAULT-VALUE}.")
    int mappings;

    @Option(names = "--change-percent", paramLabel = "P", defaultValue = "3",
            description = "Percent of later samples whose mapping set changed. Default ${DEFAULT-VALUE}.")
    double changePercent;

    @Option(names = "--speedup", paramLabel = "X", defaultValue = "10",
            description = "How much faster than a 10 s interval the hosts send. Default ${DEFAULT-VALUE}.")
    double speedup;

    @Option(names = "--minutes", paramLabel = "M", defaultValue = "10",
            description = "How long the hosts send. Default ${DEFAULT-VALUE}.")
    double minutes;

    @Option(names = "--sample-every", paramLabel = "SECONDS", defaultValue = "5",
            description = "How often lag and heap are taken (a full GC each time). Default ${DEFAULT-VALUE}.")
    double sampleSeconds;

    @Option(names = "--bootstrap-servers", paramLabel = "H:P",
            description = "An existing cluster to use instead of an embedded broker.")
    String bootstrapServers;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "Default ${DEFAULT-VALUE}.")
    long seed;

    PrintStream out = System.out;

    static final int PARTITIONS = 3;

    @Override
    public Integer call() throws Exception {
        if (hosts < 1 || processes < 1 || mappings < 8 || speedup <= 0 || minutes <= 0 || sampleSeconds <= 0
                || changePercent < 0 || changePercent > 100) {
            throw new ConfigException("need --hosts >= 1, --processes >= 1, --mappings >= 8, --change-percent 0…100 "
                    + "and a positive --speedup, --minutes and --sample-every");
        }
        Path work = Files.createTempDirectory("memfleet-bench-soak-");
        EmbeddedKafkaBroker broker = bootstrapServers == null ? EmbeddedKafkaBroker.start() : null;
        try {
            String bootstrap = broker == null ? bootstrapServers : broker.bootstrapServers();
            SoakReport report = run(bootstrap, work.resolve("state"), settings(), System.err);
            out.println(Machine.describe());
            out.print(report.render());
            return report.problems().isEmpty() ? 0 : 1;
        } finally {
            if (broker != null) {
                broker.close();
            }
            try {
                Utils.delete(work.toFile());
            } catch (IOException e) {
                System.err.println("bench: could not remove " + work + ": " + e);
            }
        }
    }

    Soak.Settings settings() {
        return new Soak.Settings(hosts, processes, mappings, changePercent / 100, speedup,
                Duration.ofMillis(Math.round(minutes * 60_000)), Duration.ofMillis(Math.round(sampleSeconds * 1000)),
                seed);
    }

    /** Creates the topics if needed, starts an aggregator on {@code stateDir}, soaks it, stops it. */
    static SoakReport run(String bootstrap, Path stateDir, Soak.Settings settings, PrintStream progress)
            throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            TopicSetup.ensureTopics(admin, PARTITIONS, (short) -1);
            String applicationId = "memfleet-soak-" + UUID.randomUUID();
            Map<String, Object> config = new HashMap<>();
            config.put(AggregatorConfig.BOOTSTRAP_SERVERS, bootstrap);
            config.put(AggregatorConfig.APPLICATION_ID, applicationId);
            config.put(AggregatorConfig.STATE_DIR, stateDir.toString());
            config.put(AggregatorConfig.HTTP_PORT, 0);
            config.put(AggregatorConfig.TOPIC_PARTITIONS, PARTITIONS);
            try (Aggregator aggregator = new Aggregator(new AggregatorConfig(config))) {
                aggregator.start();
                if (!aggregator.awaitRunning(Duration.ofSeconds(120))) {
                    throw new IllegalStateException("the aggregator did not reach RUNNING within 120 s");
                }
                // Its topics' existing partition count, which may differ from ours on an existing cluster.
                int partitions = admin.describeTopics(java.util.List.of(io.memfleet.schema.kafka.Topics.SAMPLES))
                        .allTopicNames().get().get(io.memfleet.schema.kafka.Topics.SAMPLES).partitions().size();
                return new Soak(admin, applicationId, aggregator.httpUrl(), partitions, progress).run(bootstrap,
                        settings);
            }
        }
    }
}
