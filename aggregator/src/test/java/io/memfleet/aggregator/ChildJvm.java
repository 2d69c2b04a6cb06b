package io.memfleet.aggregator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * A memfleet service in a JVM of its own, started from this test JVM's class path with a config
 * file, as systemd and the launcher run it: what a test needs to SIGTERM or SIGKILL it for real.
 * Output is appended to a log file, so a restarted one continues the same log.
 */
final class ChildJvm {

    private final String what;
    private final Process process;
    private final Path log;
    private final long startedNanos;

    private ChildJvm(String what, Process process, Path log, long startedNanos) {
        this.what = what;
        this.process = process;
        this.log = log;
        this.startedNanos = startedNanos;
    }

    /**
     * Writes {@code settings} as a properties file beside {@code log}, then runs
     * {@code java -Xmx<heap> -XX:+UseSerialGC -cp <ours> <main> <flags> --config <file>}.
     */
    static ChildJvm start(String what, Class<?> main, String heap, List<String> flags, Map<String, String> settings,
                          Path log) {
        try {
            Path config = Files.createTempFile(log.getParent(), what + "-", ".properties");
            StringBuilder text = new StringBuilder();
            new TreeMap<>(settings).forEach((key, value) -> text.append(key).append('=').append(value).append('\n'));
            Files.writeString(config, text);
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "-Xmx" + heap, "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                    main.getName()));
            command.addAll(flags);
            command.addAll(List.of("--config", config.toString()));
            long started = System.nanoTime();
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            return new ChildJvm(what, process, log, started);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a " + what + " JVM: " + e.getMessage(), e);
        }
    }

    Process process() {
        return process;
    }

    long startedNanos() {
        return startedNanos;
    }

    /** SIGKILL, and waits until the JVM is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError(what + " JVM " + process.pid() + " still alive 30 s after SIGKILL");
        }
    }

    /** SIGTERM, and waits up to {@code seconds} for the exit code; SIGKILL and fail after that. */
    int stop(long seconds) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            kill();
            throw new AssertionError(what + " JVM did not exit within " + seconds + " s of SIGTERM; log:\n" + log());
        }
        return process.exitValue();
    }

    String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }
}
