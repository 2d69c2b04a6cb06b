package io.memfleet.collector.sample;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The host's MemTotal from {@code /proc/meminfo}, kB. */
public final class HostMemory {

    private HostMemory() {
    }

    /** MemTotal in kB, or null if meminfo cannot be read or parsed. */
    public static Long memTotalKb(Path procRoot) {
        try {
            for (String line : Files.readAllLines(procRoot.resolve("meminfo"), StandardCharsets.US_ASCII)) {
                if (line.startsWith("MemTotal:")) {
                    return Long.parseLong(line.substring("MemTotal:".length()).replace("kB", "").trim());
                }
            }
        } catch (IOException | NumberFormatException e) {
            return null;
        }
        return null;
    }
}
