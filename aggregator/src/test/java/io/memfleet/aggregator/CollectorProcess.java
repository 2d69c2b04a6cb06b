package io.memfleet.aggregator;

import io.memfleet.collector.CollectorMain;
import io.memfleet.testkit.TestKafka;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * A collector in a JVM of its own, as systemd runs it ({@link CollectorMain} with a config file),
 * from this test JVM's class path: a test can SIGTERM it ({@link #stop}) or SIGKILL it ({@link #kill}).
 * Its output is appended to a log file, so a restarted one continues the same log.
 */
final class CollectorProcess implements AutoCloseable {

    private final Process process;
    private final Path log;

    private CollectorProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** {@code settings} are collector config file keys ({@code interval.ms}, {@code kafka.*}, …). */
    static CollectorProcess start(TestKafka kafka, String hostId, Path spoolDir, Path log, Map<String, String> settings) {
        try {
            Map<String, String> all = new TreeMap<>(settings);
            all.put("bootstrap.servers", kafka.bootstrapServers());
            all.put("host.id", hostId);
            all.put("spool.dir", spoolDir.toString());
            Path config = Files.createTempFile(log.getParent(), "collector-", ".properties");
            StringBuilder text = new StringBuilder();
            all.forEach((key, value) -> text.append(key).append('=').append(value).append('\n'));
            Files.writeString(config, text);
            Process process = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                            .toString(), "-Xmx128m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                    CollectorMain.class.getName(), "--config", config.toString()))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            return new CollectorProcess(process, log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a collector JVM: " + e.getMessage(), e);
        }
    }

    /** SIGKILL, and waits until the JVM is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("collector JVM " + process.pid() + " still alive 30 s after SIGKILL");
        }
    }

    /** SIGTERM, and waits for the exit code (the collector drains its spool for up to 20 s first). */
    int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            kill();
            throw new AssertionError("collector JVM did not exit within 60 s of SIGTERM; log:\n" + log());
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

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
