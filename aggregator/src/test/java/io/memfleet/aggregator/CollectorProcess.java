package io.memfleet.aggregator;

import io.memfleet.collector.CollectorMain;
import io.memfleet.testkit.TestKafka;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A collector in a JVM of its own, as systemd runs it ({@link CollectorMain} with a config file),
 * from this test JVM's class path: a test can SIGTERM it ({@link #stop}) or SIGKILL it ({@link #kill}).
 * Its output is appended to a log file, so a restarted one continues the same log.
 */
final class CollectorProcess implements AutoCloseable {

    private final ChildJvm jvm;

    private CollectorProcess(ChildJvm jvm) {
        this.jvm = jvm;
    }

    /** {@code settings} are collector config file keys ({@code interval.ms}, {@code kafka.*}, …). */
    static CollectorProcess start(TestKafka kafka, String hostId, Path spoolDir, Path log, Map<String, String> settings) {
        Map<String, String> all = new TreeMap<>(settings);
        all.put("bootstrap.servers", kafka.bootstrapServers());
        all.put("host.id", hostId);
        all.put("spool.dir", spoolDir.toString());
        return new CollectorProcess(ChildJvm.start("collector", CollectorMain.class, "128m", List.of(), all, log));
    }

    /** SIGKILL, and waits until the JVM is gone. */
    void kill() throws InterruptedException {
        jvm.kill();
    }

    /** SIGTERM, and waits for the exit code (the collector drains its spool for up to 20 s first). */
    int stop() throws InterruptedException {
        return jvm.stop(60);
    }

    String log() {
        return jvm.log();
    }

    @Override
    public void close() throws InterruptedException {
        if (jvm.process().isAlive()) {
            kill();
        }
    }
}
