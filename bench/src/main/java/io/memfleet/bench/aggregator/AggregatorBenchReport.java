package io.memfleet.bench.aggregator;

import io.memfleet.bench.report.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** What {@code memfleet bench aggregator} prints: the run's settings, ingest, query latency, capacity. Pure. */
final class AggregatorBenchReport {

    /** The run's sizes and the machine it ran on. */
    record Settings(String machine, int hosts, int processes, int passes, int mappings, double changePercent,
                    String format, int partitions, int streamThreads, long seed, String overrides) {
    }

    /**
     * One range of the topic, read by the baseline consumer and folded by the aggregator: wall-clock
     * time, and the CPU time this whole JVM (broker included) used meanwhile.
     *
     * @param aggregatorSamples the samples the aggregator was timed on (all, or those still to fold when timing began)
     * @param aggregatorNanos 0 when the aggregator was not timed on this range alone
     */
    record Phase(String label, long records, long samples, long bytes, long rawNanos, long rawCpuNanos,
                 long aggregatorSamples, long aggregatorNanos, long aggregatorCpuNanos) {
        double rawRate() {
            return rate(samples, rawNanos);
        }

        double aggregatorRate() {
            return rate(aggregatorSamples, aggregatorNanos);
        }

        double rawPerCpuSecond() {
            return rate(samples, rawCpuNanos);
        }

        double aggregatorPerCpuSecond() {
            return rate(aggregatorSamples, aggregatorCpuNanos);
        }
    }

    static final double P99_TARGET_MS = 50;
    static final double RATIO_TARGET = 0.5;

    private final Settings settings;
    private final List<Phase> phases = new ArrayList<>();
    private final List<HistoryLatency.Result> queries = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private Capacity capacity;
    private String capacityBasis = "";
    private long fleetHosts;
    private int threads;

    AggregatorBenchReport(Settings settings) {
        this.settings = settings;
    }

    AggregatorBenchReport phase(Phase phase) {
        phases.add(phase);
        return this;
    }

    AggregatorBenchReport query(HistoryLatency.Result result) {
        queries.add(result);
        return this;
    }

    AggregatorBenchReport note(String note) {
        notes.add(note);
        return this;
    }

    AggregatorBenchReport capacity(Capacity value, String basis, long hosts, int streamThreads) {
        this.capacity = value;
        this.capacityBasis = basis;
        this.fleetHosts = hosts;
        this.threads = streamThreads;
        return this;
    }

    String render() {
        StringBuilder out = new StringBuilder();
        Settings s = settings;
        out.append("memfleet bench aggregator\n");
        out.append("  machine: ").append(s.machine()).append('\n');
        out.append(String.format(Locale.ROOT, "  fleet: %,d hosts x %,d processes x %d passes, %d mappings a process "
                        + "(full list on first sight and on change: %.1f%% of later samples), %s, %d partitions, "
                        + "%d stream thread(s), seed %d%n", s.hosts(), s.processes(), s.passes(), s.mappings(),
                s.changePercent(), s.format(), s.partitions(), s.streamThreads(), s.seed()));
        if (!s.overrides().isEmpty() && !s.overrides().equals("{}")) {
            out.append("  aggregator settings changed: ").append(s.overrides()).append('\n');
        }
        out.append('\n');
        Table ingest = new Table("Ingest: baseline = a plain KafkaConsumer decoding every record; "
                + "aggregator = until its committed offsets reach the end",
                "range of memfleet.samples", "records", "samples", "payload", "raw s", "raw samples/s",
                "aggr. s", "aggr. samples/s", "aggr./raw", "raw /cpu-s", "aggr. /cpu-s", "aggr./raw per cpu-s");
        for (Phase phase : phases) {
            boolean timed = phase.aggregatorNanos() > 0;
            ingest.row(phase.label(), Table.count(phase.records()), Table.count(phase.samples()),
                    Table.bytes(phase.bytes()), Table.seconds(phase.rawNanos()), Table.rate(phase.rawRate()),
                    timed ? Table.seconds(phase.aggregatorNanos()) : "-",
                    timed ? Table.rate(phase.aggregatorRate()) : "-",
                    timed ? Table.ratio(phase.aggregatorRate(), phase.rawRate()) : "-",
                    Table.rate(phase.rawPerCpuSecond()),
                    timed ? Table.rate(phase.aggregatorPerCpuSecond()) : "-",
                    timed ? Table.ratio(phase.aggregatorPerCpuSecond(), phase.rawPerCpuSecond()) : "-");
        }
        out.append(ingest.render());
        out.append(String.format(Locale.ROOT, "  target: aggregator/raw >= %.1f. /cpu-s: samples per second of CPU "
                + "this JVM used (broker, consumer or aggregator, GC, JIT), less sensitive to other load%n",
                RATIO_TARGET));
        if (!queries.isEmpty()) {
            out.append('\n');
            Table latency = new Table("History queries: GET /api/hosts/{h}/processes/{pid}/history, one at a "
                    + "time, round-robin over processes, after a warm-up",
                    "query", "points", "resolution", "response", "queries", "p50 ms", "p99 ms", "max ms", "p99 <= 50 ms");
            for (HistoryLatency.Result q : queries) {
                Percentiles p = q.latencyNanos();
                latency.row(q.label(), Table.count(q.points()), q.resolution(), Table.bytes(q.responseBytes()),
                        Table.count(p.count()), Table.millis(p.at(50)), Table.millis(p.at(99)),
                        Table.millis(p.max()), p.at(99) <= P99_TARGET_MS * 1e6 ? "yes" : "NO");
            }
            out.append(latency.render());
        }
        if (capacity != null) {
            out.append('\n').append(renderCapacity());
        }
        if (!notes.isEmpty()) {
            out.append('\n');
            for (String note : notes) {
                out.append("  note: ").append(note).append('\n');
            }
        }
        return out.toString();
    }

    private String renderCapacity() {
        Capacity c = capacity;
        long ingest = c.instancesForIngest(fleetHosts);
        long state = c.instancesForState(fleetHosts);
        long instances = c.instances(fleetHosts);
        long partitions = c.partitions(fleetHosts, threads, 2);
        Table table = new Table(String.format(Locale.ROOT, "Capacity at %s samples/s per instance (%s)",
                Table.rate(c.samplesPerSecond()), capacityBasis), "figure", "value", "assumption");
        table.row("samples/s one host sends", Table.rate(c.samplesPerSecondPerHost()),
                String.format(Locale.ROOT, "%d processes sampled every %.0f s", c.processesPerHost(),
                        c.intervalSeconds()));
        table.row("hosts per instance, at 100%", Table.count(c.hostsPerInstance()), "the measured rate, nothing spare");
        table.row(String.format(Locale.ROOT, "hosts per instance, planned at %.0f%%", 100 * c.targetUtilisation()),
                Table.count(c.plannedHostsPerInstance()), "headroom to catch up after an outage or a rebalance");
        table.row(String.format(Locale.ROOT, "instances for %s hosts: ingest", Table.count(fleetHosts)),
                instancesText(ingest), String.format(Locale.ROOT, "%s samples/s in all",
                        Table.rate(fleetHosts * c.samplesPerSecondPerHost())));
        table.row("state per process", Table.bytes(c.stateBytesPerProcess()),
                "1 day of raw samples + 30 days of 5-min rollups + current state with mappings");
        table.row(String.format(Locale.ROOT, "state for %s hosts", Table.count(fleetHosts)),
                Table.bytes(c.stateBytes(fleetHosts)), "local RocksDB; the changelog topics hold as much again");
        table.row(String.format(Locale.ROOT, "instances for %s hosts: state", Table.count(fleetHosts)),
                instancesText(state), Table.bytes(c.stateBytesPerInstance()) + " of state per instance");
        table.row("instances needed", instancesText(instances), "the larger of the two");
        table.row("partitions of memfleet.samples", instancesText(partitions), String.format(Locale.ROOT,
                "instances x %d stream thread(s) x 2 for growth, a multiple of 12", threads));
        if (partitions > 0 && partitions < Long.MAX_VALUE / 2) {
            table.row("state per partition", Table.bytes(c.stateBytes(fleetHosts) / partitions),
                    "what one task restores when it moves");
        }
        return table.render();
    }

    private static String instancesText(long n) {
        return n >= Long.MAX_VALUE / 1000 ? "n/a" : Table.count(n);
    }

    static double rate(long count, long nanos) {
        return nanos <= 0 ? Double.NaN : count / (nanos / 1e9);
    }
}
