package io.memfleet.testkit.metrics;

import io.memfleet.testkit.RequiredBinary;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Checks exposition text with Prometheus' own parser and linter: {@code promtool check metrics}
 * (Debian's {@code prometheus} package), which fails on anything Prometheus could not scrape and
 * lints names, types, units and help texts. A missing promtool fails the test with what to install:
 * CI installs it, so skipping would hide a gap.
 */
public final class Promtool {

    public static final String BINARY_PROPERTY = "memfleet.test.promtool";
    private static final List<String> CANDIDATES = List.of("/usr/bin/promtool", "/usr/local/bin/promtool");

    private Promtool() {
    }

    /** Fails with promtool's own words unless it parses {@code exposition} and finds no lint problem. */
    public static void assertValid(String exposition) {
        Result result = check(exposition);
        if (result.exitCode() != 0) {
            throw new AssertionError("promtool check metrics exited " + result.exitCode()
                    + (result.exitCode() == 3 ? " (lint problems)" : " (not parseable as Prometheus text format)")
                    + ":\n" + result.output() + "\n--- the text it was given ---\n" + exposition);
        }
    }

    /** promtool's exit code (0 clean, 1 a parse error, 3 lint problems) and what it printed. */
    public record Result(int exitCode, String output) {
    }

    public static Result check(String exposition) {
        ProcessBuilder builder = new ProcessBuilder(binary(), "check", "metrics").redirectErrorStream(true);
        try {
            Process process = builder.start();
            try (OutputStream in = process.getOutputStream()) {
                in.write(exposition.getBytes(StandardCharsets.UTF_8));
            }
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("promtool check metrics did not finish within 30 s");
            }
            return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8).strip());
        } catch (IOException e) {
            throw new AssertionError("cannot run promtool: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted waiting for promtool", e);
        }
    }

    static String binary() {
        return RequiredBinary.find(BINARY_PROPERTY, CANDIDATES,
                "Debian's prometheus package, which ships it (apt-get install -y --no-install-recommends prometheus)");
    }
}
