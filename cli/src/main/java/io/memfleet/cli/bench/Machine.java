package io.memfleet.cli.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The facts a reader needs to compare two runs: cores, CPU, kernel, JVM, load. */
final class Machine {

    private Machine() {
    }

    static String describe() {
        return describeWithLoad();
    }

    private static String describeWithLoad() {
        String[] load = firstLine(Path.of("/proc/loadavg")).split(" ");
        return "nproc " + Runtime.getRuntime().availableProcessors()
                + ", " + cpuModel()
                + ", Linux " + firstLine(Path.of("/proc/sys/kernel/osrelease"))
                + ", Java " + System.getProperty("java.runtime.version") + " (" + System.getProperty("java.vm.name")
                + "), load average at start " + (load.length >= 3 ? load[0] + " " + load[1] + " " + load[2] : "?");
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
