package io.memfleet.collector.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolTest {

    private static final long MIB = 1024 * 1024;

    @TempDir
    Path dir;

    private static void append(Spool spool, int n) {
        spool.append("host".getBytes(StandardCharsets.UTF_8), "application/json",
                ("record-" + n).getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> values(List<Spool.Entry> entries) {
        return entries.stream().map(e -> new String(e.value(), StandardCharsets.UTF_8)).toList();
    }

    @Test
    void shouldHandOutRecordsInOrderUntilAcknowledged() throws Exception {
        try (Spool spool = new Spool(dir, 64 * MIB)) {
            for (int i = 1; i <= 5; i++) {
                append(spool, i);
            }
            List<Spool.Entry> first = spool.peek(3, MIB, 0);
            assertThat(values(first)).containsExactly("record-1", "record-2", "record-3");
            assertThat(first.get(0).contentType()).isEqualTo("application/json");
            assertThat(new String(first.get(0).key(), StandardCharsets.UTF_8)).isEqualTo("host");
            assertThat(values(spool.peek(3, MIB, 0))).as("peek does not remove").containsExactly("record-1",
                    "record-2", "record-3");

            spool.acknowledge(first.get(1).next(), 2);

            assertThat(values(spool.peek(10, MIB, 0))).containsExactly("record-3", "record-4", "record-5");
            assertThat(spool.pendingRecords()).isEqualTo(3);
        }
    }

    @Test
    void shouldKeepUnacknowledgedRecordsForTheNextRun() throws Exception {
        try (Spool spool = new Spool(dir, 64 * MIB)) {
            for (int i = 1; i <= 4; i++) {
                append(spool, i);
            }
            spool.acknowledge(spool.peek(1, MIB, 0).get(0).next(), 1);
        }

        try (Spool reopened = new Spool(dir, 64 * MIB)) {
            assertThat(reopened.pendingRecords()).isEqualTo(3);
            append(reopened, 5);
            assertThat(values(reopened.peek(10, MIB, 0))).containsExactly("record-2", "record-3", "record-4",
                    "record-5");
        }
    }

    @Test
    void shouldCutOffARecordTornByACrashMidWrite() throws Exception {
        try (Spool spool = new Spool(dir, 64 * MIB)) {
            append(spool, 1);
            append(spool, 2);
        }
        Path segment;
        try (Stream<Path> files = Files.list(dir)) {
            segment = files.filter(p -> p.toString().endsWith(".seg")).findFirst().orElseThrow();
        }
        Files.write(segment, new byte[] {0, 0, 0, 40, 1, 2}, StandardOpenOption.APPEND); // half a frame

        try (Spool reopened = new Spool(dir, 64 * MIB)) {
            assertThat(values(reopened.peek(10, MIB, 0))).containsExactly("record-1", "record-2");
            append(reopened, 3);
            assertThat(values(reopened.peek(10, MIB, 0))).containsExactly("record-1", "record-2", "record-3");
        }
    }

    @Test
    void shouldDropTheOldestRecordsAndCountThemWhenFull() throws Exception {
        try (Spool spool = new Spool(dir, MIB)) {
            byte[] big = new byte[10_000];
            for (int i = 0; i < 300; i++) { // 3 MB into a 1 MiB spool
                spool.append(new byte[0], "application/avro", big);
            }

            assertThat(spool.bytes()).isLessThanOrEqualTo(MIB);
            assertThat(spool.droppedRecords()).isPositive();
            assertThat(spool.pendingRecords() + spool.droppedRecords()).isEqualTo(300);
            assertThat(spool.peek(1_000, 100 * MIB, 0)).hasSize((int) spool.pendingRecords());
        }
    }

    @Test
    void shouldIgnoreAnAcknowledgementForRecordsTheCapAlreadyDropped() throws Exception {
        try (Spool spool = new Spool(dir, MIB)) {
            spool.append(new byte[0], "application/avro", new byte[10_000]);
            Spool.Position stale = spool.peek(1, MIB, 0).get(0).next();
            for (int i = 0; i < 300; i++) {
                spool.append(new byte[0], "application/avro", new byte[10_000]);
            }
            long pending = spool.pendingRecords();

            spool.acknowledge(stale, 1);

            assertThat(spool.pendingRecords()).isEqualTo(pending);
        }
    }

    @Test
    void shouldRefuseASpoolDirectoryAnotherCollectorUses() throws Exception {
        try (Spool spool = new Spool(dir, MIB)) {
            assertThatThrownBy(() -> new Spool(dir, MIB)).isInstanceOf(IOException.class)
                    .hasMessageContaining("in use by another collector");
        }
    }

    @Test
    void shouldWaitUntilEverythingIsAcknowledged() throws Exception {
        try (Spool spool = new Spool(dir, 64 * MIB)) {
            append(spool, 1);
            assertThat(spool.awaitEmpty(50)).isFalse();
            Thread acknowledger = new Thread(() -> {
                try {
                    spool.acknowledge(spool.peek(1, MIB, 0).get(0).next(), 1);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            acknowledger.start();
            assertThat(spool.awaitEmpty(5_000)).isTrue();
            acknowledger.join();
        }
    }
}
