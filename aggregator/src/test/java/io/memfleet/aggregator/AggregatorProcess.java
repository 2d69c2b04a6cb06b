package io.memfleet.aggregator;

import io.memfleet.testkit.TestKafka;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
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

    private final ChildJvm jvm;
    private final int port;

    private AggregatorProcess(ChildJvm jvm, int port) {
        this.jvm = jvm;
        this.port = port;
    }

    /**
     * Starts one; {@code extra} are more aggregator settings (config file keys). The settings are the
     * in-process ITs' ({@link AggregatorCluster#start}): 3 partitions, quick rebalances.
     */
    static AggregatorProcess start(TestKafka kafka, String applicationId, Path stateDir, Path log,
                                   Map<String, String> extra) {
        int port = freePort();
        Map<String, String> settings = new TreeMap<>();
        settings.put(AggregatorConfig.APPLICATION_ID, applicationId);
        settings.put(AggregatorConfig.TOPIC_PARTITIONS, "3");
        settings.put("kafka.session.timeout.ms", "6000");
        settings.put("kafka.heartbeat.interval.ms", "500");
        settings.put("kafka.acceptable.recovery.lag", Long.toString(Long.MAX_VALUE));
        settings.putAll(extra);
        List<String> flags = List.of("--bootstrap-servers", kafka.bootstrapServers(), "--http-port",
                Integer.toString(port), "--state-dir", stateDir.toString());
        return new AggregatorProcess(ChildJvm.start("aggregator", AggregatorMain.class, "384m", flags, settings, log),
                port);
    }

    String httpUrl() {
        return "http://127.0.0.1:" + port;
    }

    long pid() {
        return jvm.process().pid();
    }

    /** Time since the JVM was started. */
    Duration sinceStart() {
        return Duration.ofNanos(System.nanoTime() - jvm.startedNanos());
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
        jvm.kill();
    }

    boolean alive() {
        return jvm.process().isAlive();
    }

    String log() {
        return jvm.log();
    }

    @Override
    public void close() throws InterruptedException {
        if (alive()) {
            jvm.process().destroy();
            if (!jvm.process().waitFor(40, TimeUnit.SECONDS)) {
                kill();
            }
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
