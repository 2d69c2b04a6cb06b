package io.memfleet.aggregator;

import io.memfleet.testkit.TestKafka;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * An aggregator in a JVM of its own, started the way {@code memfleet aggregator} runs it
 * ({@link AggregatorMain} with flags and a config file) from this test JVM's class path, so a test
 * can kill it with SIGKILL: no shutdown hook, no closing of stores, transactions or group membership.
 * Its output goes to a log file the test names.
 */
final class AggregatorProcess implements AutoCloseable {

    private final Process process;
    private final int port;
    private final Path log;
    private final long startedNanos;

    private AggregatorProcess(Process process, int port, Path log, long startedNanos) {
        this.process = process;
        this.port = port;
        this.log = log;
        this.startedNanos = startedNanos;
    }

    /**
     * Starts one; {@code extra} are more aggregator settings (config file keys). The settings are the
     * in-process ITs' ({@link AggregatorCluster#start}): 3 partitions, quick rebalances.
     */
    static AggregatorProcess start(TestKafka kafka, String applicationId, Path stateDir, Path log,
                                   Map<String, String> extra) {
        try {
            int port = freePort();
            Map<String, String> settings = new TreeMap<>();
            settings.put(AggregatorConfig.APPLICATION_ID, applicationId);
            settings.put(AggregatorConfig.TOPIC_PARTITIONS, "3");
            settings.put("kafka.session.timeout.ms", "6000");
            settings.put("kafka.heartbeat.interval.ms", "500");
            settings.put("kafka.acceptable.recovery.lag", Long.toString(Long.MAX_VALUE));
            settings.putAll(extra);
            Path config = Files.createTempFile(log.getParent(), "aggregator-", ".properties");
            StringBuilder text = new StringBuilder();
            settings.forEach((key, value) -> text.append(key).append('=').append(value).append('\n'));
            Files.writeString(config, text);
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                            .toString(), "-Xmx384m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                    AggregatorMain.class.getName(), "--bootstrap-servers", kafka.bootstrapServers(),
                    "--http-port", Integer.toString(port), "--state-dir", stateDir.toString(),
                    "--config", config.toString()));
            long started = System.nanoTime();
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            return new AggregatorProcess(process, port, log, started);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start an aggregator JVM: " + e.getMessage(), e);
        }
    }

    String httpUrl() {
        return "http://127.0.0.1:" + port;
    }

    long pid() {
        return process.pid();
    }

    /** Time since the JVM was started. */
    Duration sinceStart() {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    /** True once {@code /healthz} answers 200 (Kafka Streams RUNNING). */
    boolean healthy() {
        try {
            HttpResponse<String> response = AggregatorCluster.get(httpUrl() + "/healthz", false);
            return response.statusCode() == 200;
        } catch (Exception e) {
            return false; // not listening yet
        }
    }

    /** SIGKILL, and waits until the JVM is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("aggregator JVM " + process.pid() + " still alive 30 s after SIGKILL");
        }
    }

    boolean alive() {
        return process.isAlive();
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
            process.destroy();
            if (!process.waitFor(40, TimeUnit.SECONDS)) {
                kill();
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
