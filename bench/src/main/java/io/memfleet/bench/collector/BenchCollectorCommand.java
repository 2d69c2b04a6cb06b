package io.memfleet.bench.collector;

import io.memfleet.aggregator.TopicSetup;
import io.memfleet.bench.report.Machine;
import io.memfleet.broker.EmbeddedKafkaBroker;
import io.memfleet.collector.procfs.ProcfsReader;
import io.memfleet.common.Durations;
import io.memfleet.schema.codec.WireFormat;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code memfleet bench collector}: on this machine, in one run, what a collector pass costs
 * against the floor of merely reading the same procfs files, the collector's steady RSS with the
 * JVM flags it ships with, and the bytes a changed and an unchanged pass put on Kafka.
 */
@Command(name = "collector", mixinStandardHelpOptions = true,
        description = {"Benchmark the collector: CPU per pass against 'cat' of the same files, steady RSS of a "
                + "collector JVM, bytes per pass on Kafka.",
                "Starts N processes holding M mappings each (a C program compiled with cc), an embedded broker "
                        + "and a collector JVM; all are stopped at the end."})
public final class BenchCollectorCommand implements Callable<Integer> {

    @Option(names = "--processes", paramLabel = "N", defaultValue = "1000",
            description = "Processes to start, each holding M mappings. Default ${DEFAULT-VALUE}.")
    int processes;

    @Option(names = "--mappings", paramLabel = "M", defaultValue = "200",
            description = "Mappings each of them holds. Default ${DEFAULT-VALUE}.")
    int mappings;

    @Option(names = "--passes", paramLabel = "K", defaultValue = "15",
            description = "Measured passes, and as many cat runs interleaved with them. Default ${DEFAULT-VALUE}.")
    int passes;

    @Option(names = "--warmup", paramLabel = "W", defaultValue = "15",
            description = "Passes run first and not measured, so the JIT has compiled the hot path. "
                    + "Default ${DEFAULT-VALUE}.")
    int warmup;

    @Option(names = "--format", paramLabel = "json|avro", defaultValue = "json",
            description = "Wire format the measured passes, and the collector JVM, encode to. "
                    + "Default ${DEFAULT-VALUE}, the collector's.")
    String format;

    @Option(names = "--rss-interval", paramLabel = "DURATION", defaultValue = "2s",
            description = "Pass interval of the collector JVM whose RSS is measured. Default ${DEFAULT-VALUE}.")
    String rssInterval;

    @Option(names = "--rss-warmup", paramLabel = "DURATION", defaultValue = "20s",
            description = "How long that collector runs before its RSS is read. Default ${DEFAULT-VALUE}.")
    String rssWarmup;

    @Option(names = "--rss-window", paramLabel = "DURATION", defaultValue = "20s",
            description = "How long its RSS is then watched. Default ${DEFAULT-VALUE}.")
    String rssWindow;

    @Option(names = "--skip-rss", description = "Skip the broker, the bytes and the collector JVM: CPU only.")
    boolean skipRss;

    @Option(names = "--jvm-options", paramLabel = "FILE",
            description = "The collector JVM's @argfile; the environment it declares applies too (an empty file: "
                    + "the JVM's defaults). Default: deploy/collector-jvm.options of this checkout.")
    Path jvmOptions;

    @Option(names = "--collector-jar", paramLabel = "JAR",
            description = "The collector's jar. Default: collector/target/memfleet-collector.jar of this checkout.")
    Path collectorJar;

    /** Where the report goes; a field so a test can catch it. */
    PrintStream out = System.out;

    @Override
    public Integer call() throws Exception {
        validate();
        WireFormat wireFormat = WireFormat.parse(format);
        Duration interval = Duration.ofMillis(Durations.parseMillis("--rss-interval", rssInterval));
        Duration rssWarm = Duration.ofMillis(Durations.parseMillis("--rss-warmup", rssWarmup));
        Duration rssWatch = Duration.ofMillis(Durations.parseMillis("--rss-window", rssWindow));
        Path root = checkoutRoot();
        Path options = jvmOptions != null ? jvmOptions : root.resolve("deploy/collector-jvm.options");
        Path jar = collectorJar != null ? collectorJar : root.resolve("collector/target/memfleet-collector.jar");

        BenchReport report = new BenchReport(processes, mappings, passes, warmup, wireFormat, Machine.describe());
        status("starting %d processes holding %d mappings each", processes, mappings);
        try (MapHolders holders = MapHolders.start(processes, mappings)) {
            report.load(Load.measure());
            status("load: %s", report.loadLine());
            measureCpu(report, wireFormat);
            if (!skipRss) {
                measureKafka(report, options, jar, interval, rssWarm, rssWatch);
            }
        }
        out.println();
        out.print(report.render());
        out.flush();
        return 0;
    }

    void validate() {
        requireAtLeast("--processes", processes, 1);
        requireAtLeast("--mappings", mappings, 1);
        requireAtLeast("--passes", passes, 1);
        requireAtLeast("--warmup", warmup, 0);
        WireFormat.parse(format);
    }

    private static void requireAtLeast(String option, int value, int min) {
        if (value < min) {
            throw new org.apache.kafka.common.config.ConfigException(option + " must be at least " + min
                    + ", was " + value);
        }
    }

    private void measureCpu(BenchReport report, WireFormat wireFormat) throws Exception {
        PassCpu cpu = PassCpu.forProc(wireFormat);
        status("first pass (every mapping list) and %d warm-up passes", warmup);
        report.firstPass(cpu.pass());
        for (int i = 0; i < warmup; i++) {
            cpu.pass();
            if (i == 0) {
                CatFloor.measure(); // the page cache and dentries warm for cat, too
            }
        }
        status("%d measured passes, each followed by one cat of the same files", passes);
        List<PassCpu.Measurement> measured = new ArrayList<>();
        List<Long> floor = new ArrayList<>();
        for (int i = 0; i < passes; i++) {
            measured.add(cpu.pass());
            floor.add(CatFloor.measure());
        }
        report.cpu(measured, floor);
    }

    private void measureKafka(BenchReport report, Path options, Path jar, Duration interval,
                              Duration rssWarm, Duration rssWatch) throws Exception {
        status("starting an embedded Kafka broker");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            // Ctrl-C: stop the broker too, so its temporary data directory is removed.
            Thread stopBroker = new Thread(broker::close, "memfleet-bench-stop-broker");
            Runtime.getRuntime().addShutdownHook(stopBroker);
            try {
                measureWithBroker(report, broker, options, jar, interval, rssWarm, rssWatch);
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(stopBroker);
                } catch (IllegalStateException e) {
                    // shutting down already: the hook stops it
                }
            }
        }
    }

    private void measureWithBroker(BenchReport report, EmbeddedKafkaBroker broker, Path options, Path jar,
                                   Duration interval, Duration rssWarm, Duration rssWatch) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            TopicSetup.ensureTopics(admin, 1, (short) 1);
        }
        for (WireFormat f : WireFormat.values()) {
            status("publishing a changed and an unchanged pass as %s", f);
            report.wire(WireBytes.measure(broker.bootstrapServers(), broker.dataDir(), f));
        }
        // Outside the bench's work directory, which is removed at the end: the log outlives the bench.
        Path log = Files.createTempFile("memfleet-bench-collector-", ".log");
        status("collector JVM: %s warm-up, then RSS watched for %s (log: %s)", rssWarmup, rssWindow, log);
        // As every way of starting the collector sets it (StartPathsTest): the file is the one source.
        Map<String, String> environment = CollectorRss.declaredEnvironment(options);
        report.rss(CollectorRss.measure(javaBinary(), options, jar, broker.bootstrapServers(), interval,
                WireFormat.parse(format), rssWarm,
                rssWatch, log, environment), options, interval);
    }

    private void status(String format, Object... args) {
        System.err.println("bench: " + String.format(format, args));
    }

    static Path javaBinary() {
        return ProcessHandle.current().info().command().map(Path::of)
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java"));
    }

    /** The checkout this jar was built in (bench/target/memfleet-bench.jar), or the working directory. */
    static Path checkoutRoot() {
        try {
            Path jar = Path.of(BenchCollectorCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path root = jar.getParent() == null ? null : jar.getParent().getParent();
            root = root == null ? null : root.getParent();
            if (root != null && Files.isDirectory(root.resolve("collector"))) {
                return root;
            }
        } catch (Exception e) {
            // fall through to the working directory
        }
        return Path.of("").toAbsolutePath();
    }

    /** How much there is to read: processes, maps lines and bytes, as the collector will find them. */
    record Load(int processes, long mapsLines, long mapsBytes, long statusBytes) {

        static Load measure() throws IOException {
            int count = 0;
            long lines = 0;
            long bytes = 0;
            long status = 0;
            for (int pid : pids()) {
                try {
                    byte[] maps = Files.readAllBytes(Path.of("/proc", Integer.toString(pid), "maps"));
                    status += Files.readAllBytes(Path.of("/proc", Integer.toString(pid), "status")).length;
                    bytes += maps.length;
                    for (byte b : maps) {
                        if (b == '\n') {
                            lines++;
                        }
                    }
                    count++;
                } catch (IOException e) {
                    // exited meanwhile, or unreadable: the collector skips it too
                }
            }
            return new Load(count, lines, bytes, status);
        }

        private static List<Integer> pids() {
            try {
                return new ProcfsReader().listPids();
            } catch (Exception e) {
                throw new IllegalStateException("cannot list /proc: " + e.getMessage(), e);
            }
        }
    }
}
