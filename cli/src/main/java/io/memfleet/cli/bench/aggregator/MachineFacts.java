package io.memfleet.cli.bench.aggregator;

import io.memfleet.cli.bench.Table;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The facts a reader needs to compare two runs: cores, CPU, memory, kernel, JVM, heap, load. */
final class MachineFacts {

    private MachineFacts() {
    }

    static String describe() {
        String[] load = firstLine(Path.of("/proc/loadavg")).split(" ");
        return "nproc " + Runtime.getRuntime().availableProcessors()
                + ", " + cpuModel()
                + ", Linux " + firstLine(Path.of("/proc/sys/kernel/osrelease"))
                + ", Java " + System.getProperty("java.runtime.version") + " (" + System.getProperty("java.vm.name")
                + "), max heap " + Table.bytes(Runtime.getRuntime().maxMemory())
                + ", load average at start " + (load.length >= 3 ? load[0] + " " + load[1] + " " + load[2] : "?");
    }

    /** CPU time this JVM has used, all threads, nanoseconds. */
    static long processCpuNanos() {
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
    }

    /** The 1-minute load average now. */
    static String load() {
        return firstLine(Path.of("/proc/loadavg")).split(" ")[0];
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).strip();
                }
            }
        } catch (IOException e) {
            // fall through
        }
        return "CPU model unknown";
    }

    private static String firstLine(Path file) {
        try {
            return Files.readAllLines(file).stream().findFirst().orElse("?").strip();
        } catch (IOException e) {
            return "?";
        }
    }
}
