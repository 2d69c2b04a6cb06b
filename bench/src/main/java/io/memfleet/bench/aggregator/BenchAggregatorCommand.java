package io.memfleet.bench.aggregator;

import com.fasterxml.jackson.databind.JsonNode;
import io.memfleet.aggregator.Aggregator;
import io.memfleet.aggregator.AggregatorConfig;
import io.memfleet.aggregator.TopicSetup;
import io.memfleet.bench.report.Machine;
import io.memfleet.bench.report.Table;
import io.memfleet.broker.EmbeddedKafkaBroker;
import io.memfleet.schema.ProcessSample;
import io.memfleet.schema.SampleRecord;
import io.memfleet.schema.codec.JsonCodec;
import io.memfleet.schema.codec.WireFormat;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.utils.Utils;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code memfleet bench aggregator}: in one run against an embedded broker, how fast the aggregator
 * folds a pre-filled {@code memfleet.samples} against a plain consumer merely decoding it, how fast
 * it answers a day of history, and what that means for a fleet.
 */
@Command(name = "aggregator", mixinStandardHelpOptions = true,
        description = {"Benchmark the aggregator: ingest rate against a plain consumer decoding the same topic, "
                + "history query latency over a day of samples, and the capacity they imply.",
                "Starts an embedded broker and an aggregator in this JVM; both, and their data, are removed at "
                        + "the end or on Ctrl-C."})
public final class BenchAggregatorCommand implements Callable<Integer> {

    @Option(names = "--hosts", paramLabel = "N", defaultValue = "20",
            description = "Synthetic hosts filling the topic. Default ${DEFAULT-VALUE}.")
    int hosts;

    @Option(names = "--processes", paramLabel = "N", defaultValue = "300",
            description = "Processes per host. Default ${DEFAULT-VALUE}.")
    int processes;

    @Option(names = "--passes", paramLabel = "N", defaultValue = "6",
            description = "Collector passes per host (the first sends every mapping list). Default ${DEFAULT-VALUE}.")
    int passes;

    @Option(names = "--mappings", paramLabel = "N", defaultValue = "200",
            description = "Mappings per process. Default ${DEFAULT-VALUE}.")
    int mappings;

    @Option(names = "--change-percent", paramLabel = "P", defaultValue = "3",
            description = "Percent of later samples whose mapping set changed (sent in full). Default ${DEFAULT-VALUE}.")
    double changePercent;

    @Option(names = "--format", paramLabel = "json|avro", defaultValue = "json",
            description = "Wire format of the records. Default ${DEFAULT-VALUE}, the collector's.")
    String format;

    @Option(names = "--warmup-passes", paramLabel = "N", defaultValue = "6",
            description = "Passes of a separate warm-up fleet (same shape, other host ids) folded before anything is "
                    + "timed, so the aggregator is measured as the long-running service it is, not while the JIT "
                    + "compiles it; 0 for none. Default ${DEFAULT-VALUE}.")
    int warmupPasses;

    @Option(names = "--partitions", paramLabel = "N", defaultValue = "12",
            description = "Partitions of memfleet.samples. Default ${DEFAULT-VALUE}, the aggregator's topic.partitions.")
    int partitions;

    @Option(names = "--stream-threads", paramLabel = "N", defaultValue = "1",
            description = "The aggregator's num.stream.threads. Default ${DEFAULT-VALUE}, Kafka Streams' default.")
    int streamThreads;

    @Option(names = "--history-processes", paramLabel = "N", defaultValue = "5",
            description = "Processes of the one host whose day of history is queried. Default ${DEFAULT-VALUE}.")
    int historyProcesses;

    @Option(names = "--history-samples", paramLabel = "N", defaultValue = "8640",
            description = "Samples of each of them, 10 s apart, ending now (8,640 = one day). Default ${DEFAULT-VALUE}.")
    int historySamples;

    @Option(names = "--queries", paramLabel = "N", defaultValue = "500",
            description = "Measured history queries of each kind. Default ${DEFAULT-VALUE}.")
    int queries;

    @Option(names = "--warmup-queries", paramLabel = "N", defaultValue = "100",
            description = "Queries of each kind sent first and not measured. Default ${DEFAULT-VALUE}.")
    int warmupQueries;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1",
            description = "Seed of the synthetic records. Default ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--fleet-hosts", paramLabel = "N", defaultValue = "100000",
            description = "Fleet size the capacity is worked out for. Default ${DEFAULT-VALUE}.")
    long fleetHosts;

    @Option(names = "--state-per-instance", paramLabel = "GIB", defaultValue = "1024",
            description = "GiB of local state one instance is planned to hold (capacity). Default ${DEFAULT-VALUE}.")
    long statePerInstanceGib;

    @Option(names = "--utilisation", paramLabel = "P", defaultValue = "50",
            description = "Percent of the measured rate an instance is planned to run at (capacity). "
                    + "Default ${DEFAULT-VALUE}.")
    double utilisationPercent;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "An aggregator setting, as in aggregator.properties (kafka.commit.interval.ms=1000, ...); "
                    + "repeatable. For trying a change without editing the aggregator.")
    Map<String, String> aggregatorSettings = new java.util.LinkedHashMap<>();

    @Option(names = "--profile", paramLabel = "FILE",
            description = "Record a JFR profile of the aggregator's ingest into FILE (jfr print --events "
                    + "jdk.ExecutionSample FILE).")
    Path profile;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "1800",
            description = "Give up waiting for the aggregator after this long. Default ${DEFAULT-VALUE}.")
    long timeoutSeconds;

    /** Where the report goes; a field so a test can catch it. */
    PrintStream out = System.out;

    /** Sampling interval the synthetic collectors run at, and the capacity assumes. */
    static final long INTERVAL_MS = 10_000;

    /** Raw history of a process for one day (8,640 samples of about 40 bytes, as docs/http-api.md says). */
    static final long RAW_DAY_BYTES = 350_000;
    /** Rollups of a process for 30 days (8,640 five-minute buckets, as docs/http-api.md says). */
    static final long ROLLUP_MONTH_BYTES = 700_000;

    private final List<AutoCloseable> toClose = new ArrayList<>();
    private Path workDir;

    /** For {@code java -cp ... io.memfleet.bench.aggregator.BenchAggregatorCommand}, without the launcher. */
    public static void main(String[] args) {
        System.exit(io.memfleet.common.Cli.commandLine(new BenchAggregatorCommand()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        validate();
        WireFormat wireFormat = WireFormat.parse(format);
        workDir = Files.createTempDirectory("memfleet-bench-aggregator-");
        // Ctrl-C: stop the aggregator and the broker, and remove their data.
        Thread cleanup = new Thread(this::cleanUp, "memfleet-bench-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        try {
            AggregatorBenchReport report = run(wireFormat);
            out.println();
            out.print(report.render());
            out.flush();
            return 0;
        } finally {
            cleanUp();
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (IllegalStateException e) {
                // shutting down already: the hook cleans up
            }
        }
    }

    void validate() {
        requireAtLeast("--hosts", hosts, 1);
        requireAtLeast("--processes", processes, 1);
        requireAtLeast("--passes", passes, 2);
        requireAtLeast("--mappings", mappings, 8);
        requireAtLeast("--partitions", partitions, 1);
        requireAtLeast("--stream-threads", streamThreads, 1);
        requireAtLeast("--history-processes", historyProcesses, 0);
        requireAtLeast("--history-samples", historySamples, 2);
        requireAtLeast("--queries", queries, 1);
        requireAtLeast("--warmup-queries", warmupQueries, 0);
        requireAtLeast("--warmup-passes", warmupPasses, 0);
        requireAtLeast("--fleet-hosts", fleetHosts, 1);
        requireAtLeast("--state-per-instance", statePerInstanceGib, 1);
        requireAtLeast("--timeout", timeoutSeconds, 1);
        if (historySamples > 8_640) {
            throw new ConfigException("--history-samples must be at most 8640 (one day at 10 s, the raw retention), was "
                    + historySamples);
        }
        if (changePercent < 0 || changePercent > 100) {
            throw new ConfigException("--change-percent must be within 0 … 100, was " + changePercent);
        }
        if (utilisationPercent <= 0 || utilisationPercent > 100) {
            throw new ConfigException("--utilisation must be within (0, 100], was " + utilisationPercent);
        }
        try {
            WireFormat.parse(format);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("--format: " + e.getMessage());
        }
    }

    private static void requireAtLeast(String option, long value, long min) {
        if (value < min) {
            throw new ConfigException(option + " must be at least " + min + ", was " + value);
        }
    }

    private AggregatorBenchReport run(WireFormat wireFormat) throws Exception {
        AggregatorBenchReport report = new AggregatorBenchReport(new AggregatorBenchReport.Settings(Machine.describe(),
                hosts, processes, passes, mappings, changePercent, wireFormat.name().toLowerCase(java.util.Locale.ROOT),
                partitions, streamThreads, seed, aggregatorSettings.toString()));
        status("starting an embedded Kafka broker");
        EmbeddedKafkaBroker broker = closeLater(EmbeddedKafkaBroker.start());
        String bootstrap = broker.bootstrapServers();
        Admin admin = closeLater(Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap)));
        TopicSetup.ensureTopics(admin, partitions, (short) -1);

        // Passes are measured apart. Each range is written while the aggregator is paused, then folded:
        // its rate is the records of the range over the time from resuming until its committed offsets
        // reach the range's end.
        long now = System.currentTimeMillis();
        SyntheticFleet fleet = new SyntheticFleet(seed, "bench-", hosts, processes, mappings, changePercent / 100,
                now - passes * INTERVAL_MS, INTERVAL_MS);
        Map<TopicPartition, Long> start = TopicRead.endOffsets(bootstrap, partitions);
        String applicationId = "memfleet-bench-" + UUID.randomUUID();
        IngestWatch watch = new IngestWatch(admin, applicationId);
        long timeout = timeoutSeconds * 1000;

        // 0. A warm-up fleet, folded and paused before the measured one is written. The baseline consumer warms
        // up too (it reads each range twice), and a service runs for weeks: its cost is its cost once compiled.
        Aggregator aggregator = null;
        if (warmupPasses > 0) {
            SyntheticFleet warmup = new SyntheticFleet(seed + 2, "bench-warmup-", hosts, processes, mappings,
                    changePercent / 100, now - (passes + warmupPasses) * INTERVAL_MS, INTERVAL_MS);
            status("warm-up: %d passes of %,d other hosts", warmupPasses, hosts);
            fill(bootstrap, wireFormat, warmup, 0, warmupPasses);
            Map<TopicPartition, Long> warm = TopicRead.endOffsets(bootstrap, partitions);
            aggregator = runningAggregator(bootstrap, applicationId);
            long w0 = System.nanoTime();
            watch.awaitReached(warm, 100, timeout);
            long warmNanos = System.nanoTime() - w0;
            status("warm-up: folded in %s s", Table.seconds(warmNanos));
            report.note(String.format("before timing, the aggregator folded a warm-up fleet of %,d hosts x %d passes "
                    + "(%,d samples) in %s s, then paused while the measured records were written",
                    hosts, warmupPasses, (long) hosts * processes * warmupPasses, Table.seconds(warmNanos)));
            aggregator.pause();
            start = warm;
        }

        // 1. The first pass: every process's full mapping list.
        status("filling memfleet.samples: pass 1 (%,d samples with %d mappings each)", (long) hosts * processes,
                mappings);
        fill(bootstrap, wireFormat, fleet, 0, 1);
        Map<TopicPartition, Long> afterFirst = TopicRead.endOffsets(bootstrap, partitions);
        TopicRead.Result rawFirst = baseline(bootstrap, start, afterFirst);
        if (aggregator == null) {
            aggregator = runningAggregator(bootstrap, applicationId);
        } else {
            aggregator.resume();
        }
        long t0 = System.nanoTime();
        long c0 = Machine.processCpuNanos();
        status("aggregator: RUNNING; folding %,d samples", rawFirst.samples());
        long t1 = watch.awaitReached(afterFirst, 100, timeout);
        long c1 = Machine.processCpuNanos();
        status("aggregator: first pass folded in %s s", Table.seconds(t1 - t0));

        // 2. The later passes: digests, and the few mapping lists that changed. Written while the
        // aggregator is paused, then folded from where it stopped: its rate is not mixed with the
        // producer's for the cores, and one stream thread or several are measured alike.
        aggregator.pause();
        status("filling memfleet.samples: passes 2-%d", passes);
        fill(bootstrap, wireFormat, fleet, 1, passes);
        aggregator.resume();
        long t2 = System.nanoTime();
        long c2 = Machine.processCpuNanos();
        ThreadCpu threadsBefore = ThreadCpu.now();
        double blockedBefore = aggregator.streamThreadsBlockedNanos();
        Map<TopicPartition, Long> end = TopicRead.endOffsets(bootstrap, partitions);
        long pending = IngestWatch.remaining(watch.committed(), end);
        ProfileRecording recording = profile == null ? null : ProfileRecording.start();
        status("aggregator: %,d records still to fold once they were all written", pending);
        long t3 = watch.awaitReached(end, 100, timeout);
        long c3 = Machine.processCpuNanos();
        Map<String, Double> threadSeconds = ThreadCpu.now().secondsSince(threadsBefore);
        double blockedSeconds = (aggregator.streamThreadsBlockedNanos() - blockedBefore) / 1e9;
        if (recording != null) {
            recording.stopInto(profile);
            status("profile of the later passes' ingest written to %s", profile);
        }
        status("aggregator: later passes folded %s s after they were written", Table.seconds(t3 - t2));
        long laterFullLists = 0;
        for (int host = 0; host < hosts; host++) {
            for (int pass = 1; pass < passes; pass++) {
                laterFullLists += fleet.fullListsIn(host, pass);
            }
        }
        TopicRead.Result rawLater = baseline(bootstrap, afterFirst, end);
        long pendingSamples = Math.round((double) pending * rawLater.samples() / Math.max(1, rawLater.records()));
        report.note("load average (1 min) at the end of the ingest: " + Machine.load());
        report.phase(new AggregatorBenchReport.Phase(String.format("pass 1: every process's %d mappings", mappings),
                rawFirst.records(), rawFirst.samples(), rawFirst.bytes(), rawFirst.nanos(), rawFirst.cpuNanos(),
                rawFirst.samples(), t1 - t0, c1 - c0));
        AggregatorBenchReport.Phase later = new AggregatorBenchReport.Phase(String.format(
                "passes 2-%d: digests, %,d full lists (%.1f%%)", passes, laterFullLists,
                100.0 * laterFullLists / Math.max(1, rawLater.samples())),
                rawLater.records(), rawLater.samples(), rawLater.bytes(), rawLater.nanos(), rawLater.cpuNanos(),
                pendingSamples, t3 - t2, c3 - c2);
        report.phase(later);
        StringBuilder split = new StringBuilder();
        threadSeconds.forEach((group, seconds) -> split.append(split.length() == 0 ? "" : ", ").append(String.format(
                "%s %.1f s (%.0f us a sample)", group, seconds, seconds * 1e6 / Math.max(1, pendingSamples))));
        report.note("CPU of the later passes' ingest, by thread: " + split);
        report.note(String.format("the stream thread(s) spent %.1f s of the %s s blocked on Kafka (waiting in poll "
                + "for records, in commits for the broker; Kafka Streams' blocked-time-ns-total, summed over %d "
                + "thread(s))", blockedSeconds, Table.seconds(t3 - t2), streamThreads));
        report.phase(new AggregatorBenchReport.Phase("both (aggregator: pass 1 + the timed part of the later)",
                rawFirst.records() + rawLater.records(), rawFirst.samples() + rawLater.samples(),
                rawFirst.bytes() + rawLater.bytes(), rawFirst.nanos() + rawLater.nanos(),
                rawFirst.cpuNanos() + rawLater.cpuNanos(), rawFirst.samples() + pendingSamples, (t1 - t0) + (t3 - t2),
                (c1 - c0) + (c3 - c2)));

        HistoryLatency http = new HistoryLatency(aggregator.httpUrl());
        verifyHosts(http, fleet, report);
        long samplesFolded = rawFirst.samples() + rawLater.samples();
        StringBuilder changelogs = new StringBuilder();
        long changelogTotal = 0;
        for (Map.Entry<String, Long> store : ChangelogBytes.of(admin, applicationId).entrySet()) {
            changelogs.append(changelogs.length() == 0 ? "" : ", ").append(store.getKey()).append(' ')
                    .append(Table.bytes(store.getValue()));
            changelogTotal += store.getValue();
        }
        report.note(String.format("changelog topics after the ingest: %s in all, %s a sample (%s), against %s of "
                        + "samples read", Table.bytes(changelogTotal),
                Table.bytes((double) changelogTotal / samplesFolded), changelogs,
                Table.bytes(rawFirst.bytes() + rawLater.bytes())));
        report.note(String.format("state directory after the ingest: %s (RocksDB memtables not all flushed yet)",
                Table.bytes(directorySize(workDir.resolve("state")))));

        // 4. A day of history for a few processes of one more host, then queries.
        if (historyProcesses > 0) {
            measureHistory(report, bootstrap, watch, http, fleet, wireFormat);
        }

        // 5. What it means for a fleet: from the later passes, what a fleet sends once running.
        double rate = later.aggregatorRate();
        double processStateBytes = JsonCodec.newMapper().writeValueAsBytes(firstSample(fleet)).length;
        Capacity capacity = new Capacity(rate, processes, INTERVAL_MS / 1000.0, utilisationPercent / 100,
                RAW_DAY_BYTES + ROLLUP_MONTH_BYTES + processStateBytes, statePerInstanceGib * 1024.0 * 1024 * 1024);
        report.capacity(capacity, String.format("the later passes' rate; %d stream thread(s), one instance on this "
                + "machine, sharing its cores with the broker", streamThreads), fleetHosts, streamThreads);
        return report;
    }

    private void fill(String bootstrap, WireFormat wireFormat, SyntheticFleet fleet, int fromPass, int toPass) {
        long started = System.nanoTime();
        try (FleetProducer producer = new FleetProducer(bootstrap, wireFormat)) {
            for (int pass = fromPass; pass < toPass; pass++) {
                producer.sendPass(fleet, pass);
            }
            producer.flush();
            status("filled: %,d records in %s s", producer.records(), Table.seconds(System.nanoTime() - started));
        }
    }

    /** A plain consumer decoding a range: once to warm up the JIT, then timed. */
    private static TopicRead.Result baseline(String bootstrap, Map<TopicPartition, Long> from,
                                             Map<TopicPartition, Long> to) {
        status("baseline: a plain consumer decoding the same records (a warm-up read, then a timed one)");
        TopicRead.read(bootstrap, from, to);
        return TopicRead.read(bootstrap, from, to);
    }

    private Aggregator runningAggregator(String bootstrap, String applicationId) throws InterruptedException {
        Aggregator aggregator = closeLater(startAggregator(bootstrap, applicationId));
        status("aggregator: waiting for Kafka Streams to be RUNNING");
        if (!aggregator.awaitRunning(Duration.ofSeconds(120))) {
            throw new IllegalStateException("the aggregator did not reach RUNNING within 120 s");
        }
        return aggregator;
    }

    private Aggregator startAggregator(String bootstrap, String applicationId) {
        Map<String, Object> settings = new HashMap<>();
        settings.put(AggregatorConfig.BOOTSTRAP_SERVERS, bootstrap);
        settings.put(AggregatorConfig.APPLICATION_ID, applicationId);
        settings.put(AggregatorConfig.STATE_DIR, workDir.resolve("state").toString());
        settings.put(AggregatorConfig.HTTP_PORT, 0);
        settings.put(AggregatorConfig.TOPIC_PARTITIONS, partitions);
        settings.put("kafka.num.stream.threads", String.valueOf(streamThreads));
        settings.putAll(aggregatorSettings);
        Aggregator aggregator = new Aggregator(new AggregatorConfig(settings));
        aggregator.start();
        return aggregator;
    }

    /** Every host listed with the last heartbeat's process count, and nothing lost. */
    private void verifyHosts(HistoryLatency http, SyntheticFleet fleet, AggregatorBenchReport report)
            throws IOException, InterruptedException {
        JsonNode listed = http.getJson("/api/hosts");
        Map<String, JsonNode> byId = new HashMap<>();
        listed.forEach(host -> byId.put(host.path("hostId").asText(), host));
        int ok = 0;
        for (int host = 0; host < fleet.hosts(); host++) {
            JsonNode node = byId.get(fleet.hostId(host));
            if (node != null && node.path("processCount").asInt() == processes && node.path("samplesLost").asLong() == 0
                    && node.path("duplicatesDropped").asLong() == 0) {
                ok++;
            }
        }
        if (ok != fleet.hosts()) {
            throw new IllegalStateException("the aggregator's /api/hosts does not match what was sent: " + ok + " of "
                    + fleet.hosts() + " hosts with " + processes + " processes and nothing lost");
        }
        report.note(String.format("checked: /api/hosts lists all %,d hosts with %,d processes each, 0 samples lost, "
                + "0 duplicates", fleet.hosts(), processes));
    }

    private void measureHistory(AggregatorBenchReport report, String bootstrap, IngestWatch watch, HistoryLatency http,
                                SyntheticFleet fleet, WireFormat wireFormat) throws Exception {
        long now = System.currentTimeMillis();
        long first = now - (historySamples - 1) * INTERVAL_MS - 1_000;
        SyntheticFleet day = new SyntheticFleet(seed + 1, "bench-history-", 1, historyProcesses, mappings, 0, first,
                INTERVAL_MS);
        Map<TopicPartition, Long> before = TopicRead.endOffsets(bootstrap, partitions);
        status("history: %,d samples of %d processes of one host, 10 s apart, the last 24 h", (long) historySamples
                * historyProcesses, historyProcesses);
        long sent = System.nanoTime();
        try (FleetProducer producer = new FleetProducer(bootstrap, wireFormat)) {
            for (int pass = 0; pass < historySamples; pass++) {
                for (SampleRecord record : day.pass(0, pass)) {
                    producer.send(record, day.sampledAt(0, pass));
                }
            }
            producer.flush();
        }
        Map<TopicPartition, Long> after = TopicRead.endOffsets(bootstrap, partitions);
        long folded = watch.awaitReached(after, 100, timeoutSeconds * 1000);
        TopicRead.Result raw = TopicRead.read(bootstrap, before, after);
        report.phase(new AggregatorBenchReport.Phase(String.format("history: %d processes x %,d samples (1 host)",
                historyProcesses, historySamples), raw.records(), raw.samples(), raw.bytes(), raw.nanos(), raw.cpuNanos(), 0, 0, 0));
        report.note(String.format("the history host's %,d samples were produced and folded in %s s while the "
                        + "aggregator ran (producing included, so not a rate)", raw.samples(),
                Table.seconds(folded - sent)));

        String hostId = day.hostId(0);
        List<Integer> pids = new ArrayList<>();
        for (int p = 0; p < historyProcesses; p++) {
            pids.add(day.pid(p));
        }
        long to = System.currentTimeMillis();
        // Within the raw retention, measured from the time of the query: a little less than the day sent.
        long from = to - Duration.ofHours(24).toMillis() + 60_000;
        status("history: %d queries of each kind after %d warm-up queries", queries, warmupQueries);
        report.query(http.measure("1 day, default maxPoints (1,000)", hostId, pids, from, to, null, warmupQueries,
                queries));
        report.query(http.measure("1 day, maxPoints=10000 (raw)", hostId, pids, from, to, 10_000, warmupQueries,
                queries));
        List<Integer> fleetPids = new ArrayList<>();
        for (int p = 0; p < Math.min(processes, 50); p++) {
            fleetPids.add(fleet.pid(p));
        }
        // Fewer of these: each one reads every process of the host (see the report).
        report.query(http.measure(String.format("last hour, a host of %d processes x %d mappings", processes, mappings),
                fleet.hostId(0), fleetPids, to - 3_600_000, to, null, Math.min(warmupQueries, 20),
                Math.min(queries, 100)));
    }

    private static ProcessSample firstSample(SyntheticFleet fleet) {
        return (ProcessSample) fleet.pass(0, 0).get(0);
    }

    private static long directorySize(Path dir) {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> {
                try {
                    return Files.size(f);
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        } catch (IOException | java.io.UncheckedIOException e) {
            return 0;
        }
    }

    private <T extends AutoCloseable> T closeLater(T resource) {
        synchronized (toClose) {
            toClose.add(resource);
        }
        return resource;
    }

    /** Closes what was started, newest first, and removes the work directory. Idempotent. */
    void cleanUp() {
        List<AutoCloseable> resources;
        synchronized (toClose) {
            resources = new ArrayList<>(toClose);
            toClose.clear();
        }
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                System.err.println("bench: could not stop " + resources.get(i).getClass().getSimpleName() + ": " + e);
            }
        }
        Path dir = workDir;
        if (dir != null) {
            try {
                Utils.delete(dir.toFile());
            } catch (IOException e) {
                System.err.println("bench: could not remove " + dir + ": " + e);
            }
        }
    }

    private static void status(String format, Object... args) {
        System.err.println("bench: " + String.format(format, args));
    }
}
