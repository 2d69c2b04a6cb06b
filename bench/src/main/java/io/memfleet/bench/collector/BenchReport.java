package io.memfleet.bench.collector;

import io.memfleet.bench.report.Table;
import io.memfleet.schema.codec.WireFormat;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Collects the bench's measurements and renders them as one readable report. */
final class BenchReport {

    static final double CPU_RATIO_TARGET = 1.3;
    static final long RSS_TARGET_KB = 96 * 1024;
    static final double UNCHANGED_PERCENT_TARGET = 2.0;

    private final int processes;
    private final int mappings;
    private final int passes;
    private final int warmup;
    private final WireFormat format;
    private final String machine;
    private BenchCollectorCommand.Load load;
    private PassCpu.Measurement firstPass;
    private List<PassCpu.Measurement> measured = List.of();
    private List<Long> floor = List.of();
    private final List<WireBytes.Result> wire = new ArrayList<>();
    private CollectorRss.Result rss;
    private Path jvmOptions;
    private Duration rssInterval;

    BenchReport(int processes, int mappings, int passes, int warmup, WireFormat format, String machine) {
        this.processes = processes;
        this.mappings = mappings;
        this.passes = passes;
        this.warmup = warmup;
        this.format = format;
        this.machine = machine;
    }

    void load(BenchCollectorCommand.Load value) {
        this.load = value;
    }

    void firstPass(PassCpu.Measurement value) {
        this.firstPass = value;
    }

    void cpu(List<PassCpu.Measurement> passMeasurements, List<Long> floorNanos) {
        this.measured = List.copyOf(passMeasurements);
        this.floor = List.copyOf(floorNanos);
    }

    void wire(WireBytes.Result result) {
        wire.add(result);
    }

    void rss(CollectorRss.Result result, Path options, Duration interval) {
        this.rss = result;
        this.jvmOptions = options;
        this.rssInterval = interval;
    }

    String loadLine() {
        return load == null ? "?" : Table.count(load.processes()) + " processes in /proc, "
                + Table.count(load.mapsLines()) + " maps lines, raw maps text " + Table.count(load.mapsBytes())
                + " B (" + Table.mib(load.mapsBytes()) + "), status text " + Table.count(load.statusBytes()) + " B";
    }

    String render() {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "memfleet bench collector: %,d processes x %,d mappings; "
                + "%d measured passes after %d warm-up; records encoded as %s%n", processes, mappings, passes, warmup,
                format.name().toLowerCase(Locale.ROOT)));
        out.append("machine: ").append(machine).append('\n');
        out.append("load:    ").append(loadLine()).append("\n\n");
        if (!measured.isEmpty()) {
            out.append(cpuTable().render());
            PassCpu.Measurement last = measured.get(measured.size() - 1);
            out.append("  a pass: ").append(Table.count(last.processes())).append(" processes, ")
                    .append(Table.count(last.records())).append(" records, ").append(Table.count(last.encodedBytes()))
                    .append(" B encoded. The JDK counts process CPU in 10 ms clock ticks (times(2)), thread CPU in ns;\n"
                            + "  this JVM runs with the launcher's flags (default GC), not the service's.\n\n");
        }
        if (rss != null) {
            out.append(rssTable().render());
            out.append("  JVM flags (").append(jvmOptions).append("): ").append(String.join(" ", rss.jvmFlags()))
                    .append('\n');
            out.append("  environment (declared by the JVM options file): ").append(rss.environment().isEmpty() ? "none"
                    : rss.environment().toString()).append("\n\n");
        }
        if (!wire.isEmpty()) {
            out.append(bytesTable().render());
            out.append("  values: serialized record values as acknowledged; producer out: the producer's "
                    + "outgoing-byte-total\n  (zstd batches + request framing); log growth: the topic's segment "
                    + "files on the broker.\n");
        }
        return out.toString();
    }

    Table cpuTable() {
        List<Long> cpu = measured.stream().map(PassCpu.Measurement::processCpuNanos).toList();
        List<Long> thread = measured.stream().map(PassCpu.Measurement::threadCpuNanos).toList();
        List<Long> wall = measured.stream().map(PassCpu.Measurement::wallNanos).toList();
        long floorMedian = Table.median(floor);
        long cpuMedian = Table.median(cpu);
        Table t = new Table("CPU seconds per pass, warm (" + passes + " passes, each followed by one cat; ratios of "
                + "medians against the floor of this run)", "", "median s", "mean s", "min s", "vs floor", "target");
        t.row("floor: cat of every maps + status (bash 'times', cat's user+sys)", Table.seconds(floorMedian),
                Table.seconds(Table.mean(floor)), Table.seconds(Table.min(floor)), "1.00x", "");
        t.row("collector pass, process CPU (all JVM threads: pass, GC, JIT)", Table.seconds(cpuMedian),
                Table.seconds(Table.mean(cpu)), Table.seconds(Table.min(cpu)), Table.ratio(cpuMedian, floorMedian),
                verdict(cpuMedian <= CPU_RATIO_TARGET * floorMedian,
                        String.format(Locale.ROOT, "<= %.2fx", CPU_RATIO_TARGET)));
        t.row("collector pass, CPU of the pass thread only", Table.seconds(Table.median(thread)),
                Table.seconds(Table.mean(thread)), Table.seconds(Table.min(thread)),
                Table.ratio(Table.median(thread), floorMedian), "");
        t.row("collector pass, wall clock", Table.seconds(Table.median(wall)), Table.seconds(Table.mean(wall)),
                Table.seconds(Table.min(wall)), Table.ratio(Table.median(wall), floorMedian), "");
        if (firstPass != null) {
            t.row("first pass (cold JVM, every mapping list), process CPU", Table.seconds(firstPass.processCpuNanos()),
                    "", "", Table.ratio(firstPass.processCpuNanos(), floorMedian), "");
        }
        return t;
    }

    Table rssTable() {
        Table t = new Table("Collector JVM memory (a real collector, " + rssInterval.toMillis() / 1000.0
                + " s interval, publishing to the embedded broker)", "", "kB", "MiB", "target");
        String target = "<= " + RSS_TARGET_KB / 1024 + " MiB";
        t.row("VmRSS at the end of the window", Table.count(rss.rssKbAtEnd()), mibOfKb(rss.rssKbAtEnd()),
                verdict(rss.rssKbAtEnd() <= RSS_TARGET_KB, target));
        t.row("VmRSS, highest seen in the window", Table.count(rss.rssKbMaxInWindow()),
                mibOfKb(rss.rssKbMaxInWindow()), verdict(rss.rssKbMaxInWindow() <= RSS_TARGET_KB, target));
        t.row("VmHWM (peak since start, first pass included)", Table.count(rss.hwmKb()), mibOfKb(rss.hwmKb()), "");
        long perPass = rss.passesInWindow() > 0 ? Math.round(rss.cpuNanosInWindow() / rss.passesInWindow()) : 0;
        // The whole process (every thread: pass, Kafka, zstd, GC, JIT) against the cat floor of this run.
        String vsFloor = floor.isEmpty() ? "" : ", " + Table.ratio(perPass, Table.median(floor)) + " the cat floor";
        t.row(String.format(Locale.ROOT, "  CPU of that JVM per pass incl. Kafka and zstd: %s s (%.1f passes)%s",
                Table.seconds(perPass), rss.passesInWindow(), vsFloor), "", "", "");
        if (rss.cpuNanosInWindow() < 1_000_000 * rss.passesInWindow()) {
            t.row("  WARNING: under 1 ms of CPU per pass: the collector ran no passes (out of heap? see its log)",
                    "", "", "");
        }
        return t;
    }

    Table bytesTable() {
        long raw = load == null ? 0 : load.mapsBytes();
        Table t = new Table("Bytes per pass against the raw maps text (" + Table.count(raw) + " B = 100%)",
                "pass", "records", "values B", "% raw", "producer out B", "% raw", "log growth B", "% raw", "target");
        for (WireBytes.Result r : wire) {
            String name = r.format().name().toLowerCase(Locale.ROOT);
            addBytes(t, name + " changed (first pass: every mapping list)", r.changed(), raw, "");
            WireBytes.PassBytes u = r.unchanged();
            addBytes(t, name + " unchanged (digests only)", u, raw,
                    String.format(Locale.ROOT, "<= %.0f%%: wire%s, values%s", UNCHANGED_PERCENT_TARGET,
                            withinPercent(u.logBytes(), raw), withinPercent(u.valueBytes(), raw)));
        }
        return t;
    }

    private static void addBytes(Table t, String name, WireBytes.PassBytes b, long raw, String target) {
        t.row(name, Table.count(b.records()), Table.count(b.valueBytes()), Table.percent(b.valueBytes(), raw),
                Table.count(b.producerBytes()), Table.percent(b.producerBytes(), raw), Table.count(b.logBytes()),
                Table.percent(b.logBytes(), raw), target);
    }

    private static String mibOfKb(long kb) {
        return String.format(Locale.ROOT, "%.1f", kb / 1024.0);
    }

    private static String withinPercent(long bytes, long raw) {
        return raw > 0 && 100.0 * bytes / raw <= UNCHANGED_PERCENT_TARGET ? " ok" : " MISSED";
    }

    static String verdict(boolean met, String target) {
        return target + (met ? " ok" : " MISSED");
    }
}
