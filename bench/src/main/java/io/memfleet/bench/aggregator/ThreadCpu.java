package io.memfleet.bench.aggregator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * CPU time of this JVM's threads, native ones included (JIT compilers, GC, RocksDB's background
 * threads), grouped by what they do: read from {@code /proc/self/task/<tid>/stat} (utime + stime,
 * in clock ticks), so a figure per sample can be split into the part that is the aggregator and the
 * part that is the broker or the JIT sharing its JVM.
 */
public final class ThreadCpu {

    /** Linux's USER_HZ, the unit of /proc's CPU times, on every architecture we run on. */
    private static final double TICKS_PER_SECOND = 100.0;

    private final Map<String, Long> ticksByGroup;

    private ThreadCpu(Map<String, Long> ticksByGroup) {
        this.ticksByGroup = ticksByGroup;
    }

    /** The CPU time every live thread has used so far, by group. */
    public static ThreadCpu now() {
        Map<String, Long> ticks = new TreeMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path task : tasks) {
                try {
                    String stat = Files.readString(task.resolve("stat"), StandardCharsets.UTF_8);
                    String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    // Fields 14 and 15 of stat (utime, stime) are the 12th and 13th after the comm.
                    long used = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                    ticks.merge(group(comm), used, Long::sum);
                } catch (IOException | RuntimeException threadGone) {
                    // A thread that ended between the listing and the read: its time is no longer ours to split.
                }
            }
        } catch (IOException e) {
            return new ThreadCpu(Map.of()); // no /proc: not Linux
        }
        return new ThreadCpu(ticks);
    }

    /** Seconds of CPU each group used between {@code before} and this. */
    public Map<String, Double> secondsSince(ThreadCpu before) {
        Map<String, Double> seconds = new LinkedHashMap<>();
        ticksByGroup.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), e.getValue() - before.ticksByGroup.getOrDefault(e.getKey(), 0L)))
                .filter(e -> e.getValue() > 0)
                .sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
                .forEach(e -> seconds.put(e.getKey(), e.getValue() / TICKS_PER_SECOND));
        return seconds;
    }

    /** Thread names are cut to 15 bytes by the kernel; these prefixes are the JDK's, Kafka's and RocksDB's. */
    static String group(String comm) {
        if (comm.startsWith("C1 Compiler") || comm.startsWith("C2 Compiler") || comm.startsWith("Sweeper")) {
            return "JIT compiler";
        }
        if (comm.startsWith("GC Thread") || comm.startsWith("G1 ") || comm.startsWith("VM Thread")
                || comm.startsWith("VM Periodic")) {
            return "GC and VM";
        }
        if (comm.startsWith("rocksdb")) {
            return "RocksDB background";
        }
        if (comm.startsWith("data-plane-kaf") || comm.startsWith("kafka-") && !comm.startsWith("kafka-producer")
                && !comm.startsWith("kafka-admin") || comm.startsWith("broker-") || comm.startsWith("quorum-")
                || comm.startsWith("group-coordin") || comm.startsWith("TxnMarker") || comm.startsWith("ExpirationR")
                || comm.startsWith("AddPartitions") || comm.startsWith("transaction-")) {
            return "broker";
        }
        if (comm.startsWith("kafka-producer")) {
            return "producer I/O threads";
        }
        if (comm.contains("StreamThread") || comm.startsWith("memfleet-bench")) {
            return "stream thread";
        }
        return "other";
    }
}
