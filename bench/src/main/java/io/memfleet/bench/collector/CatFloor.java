package io.memfleet.bench.collector;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The floor: what merely reading the same files costs. bash runs one {@code cat} over every
 * process's maps and status, then its {@code times} builtin reports the user and system CPU of its
 * waited-for children — that cat, and nothing else (the glob expansion is bash's own time).
 */
final class CatFloor {

    static final String SCRIPT = "cat /proc/[0-9]*/maps /proc/[0-9]*/status > /dev/null 2>&1; times";
    private static final Pattern TIME = Pattern.compile("(\\d+)m(\\d+(?:[.,]\\d+)?)s");

    private CatFloor() {
    }

    /** CPU nanoseconds (user + system) of one cat over the files. */
    static long measure() throws IOException, InterruptedException {
        Process bash = new ProcessBuilder("bash", "-c", SCRIPT).redirectErrorStream(true).start();
        String output = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = bash.waitFor();
        if (exit != 0) {
            throw new IllegalStateException("bash -c '" + SCRIPT + "' exited " + exit + ": " + output.trim());
        }
        return childrenCpuNanos(output);
    }

    /**
     * Parses {@code times}: the first line is the shell's user and system time, the second its
     * children's, e.g. {@code 0m0.012s 0m0.345s}.
     */
    static long childrenCpuNanos(String timesOutput) {
        List<String> lines = timesOutput.strip().lines().toList();
        if (lines.size() < 2) {
            throw new IllegalArgumentException("unexpected output of 'times': " + timesOutput.strip());
        }
        Matcher m = TIME.matcher(lines.get(lines.size() - 1));
        long total = 0;
        int found = 0;
        while (m.find()) {
            total += Long.parseLong(m.group(1)) * 60_000_000_000L
                    + Math.round(Double.parseDouble(m.group(2).replace(',', '.')) * 1e9);
            found++;
        }
        if (found != 2) {
            throw new IllegalArgumentException("unexpected output of 'times': " + timesOutput.strip());
        }
        return total;
    }
}
