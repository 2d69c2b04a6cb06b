package io.memfleet.collector.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.memfleet.schema.HostHeartbeat;
import io.memfleet.schema.codec.WireFormat;
import io.memfleet.testkit.TinyFileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** What a full spool disk costs and what the log says about it: counted always, said once a minute. */
@Timeout(60)
class DiskFullReportTest {

    @TempDir
    Path dir;
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(DiskFullReport.class);

    @BeforeEach
    void captureLog() {
        log.start();
        logger.addAppender(log);
    }

    @AfterEach
    void releaseLog() {
        logger.detachAppender(log);
    }

    private List<String> lines(Level level) {
        return log.list.stream().filter(e -> e.getLevel() == level).map(ILoggingEvent::getFormattedMessage).toList();
    }

    @Test
    void shouldSayItOnceAMinuteAndCountEveryRecord() throws Exception {
        AtomicLong clock = new AtomicLong(1_000_000);
        try (Spool spool = new Spool(dir.resolve("spool"), 1024 * 1024)) {
            DiskFullReport report = new DiskFullReport(spool, clock::get, "spool.dir");
            for (int pass = 0; pass < 30; pass++) { // 30 passes, 10 s apart, 5 records each not written
                for (int i = 0; i < 5; i++) {
                    report.appended(false, i == 4);
                }
                clock.addAndGet(10_000);
            }

            assertThat(report.dropped()).as("every record not written and not sent").isEqualTo(30 * 4);
            List<String> warnings = lines(Level.WARN);
            assertThat(warnings).as("at once, then once a minute over 300 s").hasSize(5);
            assertThat(warnings.get(0)).as("at the first record lost")
                    .startsWith("Spool disk full (" + spool.dir() + "): 1 records dropped").contains("spool.dir");
            assertThat(warnings.get(1)).contains(": 24 records dropped in the last 60 s");

            report.lostInFlight();
            report.appended(true, false);
            clock.addAndGet(61_000);
            report.appended(true, false);
            assertThat(report.dropped()).isEqualTo(30 * 4 + 1);
            assertThat(lines(Level.INFO)).singleElement().asString().contains("takes records again")
                    .contains("121 records lost");
            assertThat(lines(Level.WARN).get(lines(Level.WARN).size() - 1)).as("what the last line had not said yet")
                    .contains("1 sent straight to Kafka and not acknowledged");
        }
    }

    @Test
    void shouldNeitherThrowNorLoseCountWhenThePublisherSpoolsToAFullDisk() throws Exception {
        try (TinyFileSystem fs = TinyFileSystem.mount(dir.resolve("tiny"), 64)) {
            Spool spool = new Spool(fs.dir().resolve("spool"), 1024 * 1024);
            fill(fs.dir().resolve("ballast"));
            // Nothing listens on port 1: nothing can be sent straight either.
            SamplePublisher publisher = new SamplePublisher(SamplePublisher.producerConfig("127.0.0.1:1", "disk-full",
                    Map.of("max.block.ms", 200)), WireFormat.JSON, spool);
            try {
                for (int seq = 1; seq <= 50; seq++) {
                    publisher.send(new HostHeartbeat("run", seq, "host-a", "host-a", "boot", "dev", 0, 1_000, 0, 0, 0,
                            0, 0, 0, 0, 0, 0, null));
                }
                await().atMost(Duration.ofSeconds(20)).until(() -> publisher.dropped() == 50);
                assertThat(publisher.droppedDiskFull()).isEqualTo(50);
                assertThat(publisher.droppedSpoolFull()).isZero();
                assertThat(lines(Level.WARN)).as("one line, no stack trace").hasSize(1);
                assertThat(log.list).allMatch(e -> e.getThrowableProxy() == null);
            } finally {
                publisher.close(Duration.ofMillis(100));
            }
        }
    }

    /** Writes to {@code file} until the file system is full. */
    private static void fill(Path file) throws java.io.IOException {
        try (var out = Files.newOutputStream(file)) {
            byte[] block = new byte[4096];
            for (int i = 0; i < 1_000_000; i++) {
                out.write(block);
                out.flush();
            }
        } catch (java.io.IOException e) {
            assertThat(e).hasMessageContaining("No space left on device");
            return;
        }
        throw new AssertionError("the file system never filled");
    }
}
