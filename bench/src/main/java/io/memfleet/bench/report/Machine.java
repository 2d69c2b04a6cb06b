package io.memfleet.bench.report;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.nio.file.Files;
import java.nio.file.Path;

/** The facts a reader needs to compare two runs (cores, CPU, kernel, JVM, heap, load), and this JVM's CPU. */
public final class Machine {

    private Machine() {
    }

    public static String describe() {
        String[] load = firstLine(Path.of("/proc/loadavg")).split(" ");
        return "nproc " + Runtime.getRuntime().availableProcessors()
                + ", " + cpuModel()
                + ", Linux " + firstLine(Path.of("/proc/sys/kernel/osrelease"))
                + ", Java " + System.getProperty("java.runtime.version") + " (" + System.getProperty("java.vm.name")
                + "), max heap " + Table.bytes(Runtime.getRuntime().maxMemory())
                + ", load average at start " + (load.length >= 3 ? load[0] + " " + load[1] + " " + load[2] : "?");
    }

    /** CPU time this JVM has used, all threads, nanoseconds; 0 where the JVM cannot tell. */
    public static long processCpuNanos() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
    }

    /** The 1-minute load average now. */
    public static String load() {
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
