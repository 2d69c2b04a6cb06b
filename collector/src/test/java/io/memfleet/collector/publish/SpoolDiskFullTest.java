package io.memfleet.collector.publish;

import static org.assertj.core.api.Assertions.assertThat;

import io.memfleet.testkit.TinyFileSystem;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The spool on a file system that fills up: a real 256 KiB tmpfs, so the {@code ENOSPC} comes from
 * the kernel, part-way through a frame as it would in production.
 */
@Timeout(60)
class SpoolDiskFullTest {

    private static final long MIB = 1024 * 1024;
    private static final int FS_KIB = 256;

    @TempDir
    Path temp;
    private TinyFileSystem fs;

    @BeforeEach
    void mount() throws Exception {
        fs = TinyFileSystem.mount(temp.resolve("tiny"), FS_KIB);
    }

    @AfterEach
    void unmount() throws Exception {
        fs.close();
    }

    private static boolean append(Spool spool, int n, int size) {
        byte[] value = new byte[size];
        byte[] label = ("record-" + n).getBytes(StandardCharsets.UTF_8);
        System.arraycopy(label, 0, value, 0, label.length);
        return spool.append("host".getBytes(StandardCharsets.UTF_8), "application/avro", value);
    }

    private static String label(Spool.Entry entry) {
        return new String(entry.value(), StandardCharsets.UTF_8).replace("\0", "");
    }

    @Test
    void shouldDropTheOldestToMakeRoomWhenTheDiskFillsBeforeTheCap() throws Exception {
        // spool.max.bytes far above the file system: the disk, not the cap, is what fills.
        try (Spool spool = new Spool(fs.dir().resolve("spool"), 256 * MIB)) {
            for (int i = 1; i <= 100; i++) { // 1 MB into 256 KiB
                assertThat(append(spool, i, 10_000)).as("record %d spooled, room made for it", i).isTrue();
            }

            assertThat(spool.evictedForSpace()).as("dropped to make room").isPositive();
            assertThat(spool.droppedRecords()).as("the cap was never reached").isZero();
            assertThat(spool.pendingRecords() + spool.evictedForSpace()).isEqualTo(100);
            List<Spool.Entry> kept = spool.peek(1_000, 100 * MIB, 0);
            assertThat(kept).hasSize((int) spool.pendingRecords());
            assertThat(kept.stream().map(SpoolDiskFullTest::label).toList()).as("the newest, in order")
                    .endsWith("record-99", "record-100")
                    .startsWith("record-" + (101 - kept.size()));
            assertThat(spool.lastWriteFailure()).hasMessageContaining("No space left on device");
        }
    }

    @Test
    void shouldRefuseARecordWhenNothingCanBeFreedAndTakeRecordsAgainOnceDelivered() throws Exception {
        Path ballast = fs.dir().resolve("ballast");
        Files.write(ballast, new byte[200 * 1024]); // something else fills the disk
        try (Spool spool = new Spool(fs.dir().resolve("spool"), 256 * MIB)) {
            int n = 0;
            while (append(spool, ++n, 10_000)) {
                assertThat(n).as("the disk never filled").isLessThan(100);
            }
            long spooled = n - 1;
            assertThat(spooled).as("a few fit before the disk was full").isPositive();
            assertThat(spool.pendingRecords()).isEqualTo(spooled);
            assertThat(spool.evictedForSpace()).as("the only segment holds the newest records: kept").isZero();
            assertThat(append(spool, ++n, 10_000)).as("still full").isFalse();

            List<Spool.Entry> all = spool.peek(1_000, 100 * MIB, 0);
            assertThat(all.stream().map(SpoolDiskFullTest::label).toList()).as("the failed writes left no torn frame")
                    .hasSize((int) spooled).endsWith("record-" + spooled);
            spool.acknowledge(all.get(all.size() - 1).next(), all.size());

            assertThat(append(spool, ++n, 10_000)).as("room made by dropping the delivered segment").isTrue();
            assertThat(spool.evictedForSpace()).as("nothing undelivered dropped").isZero();
            assertThat(spool.peek(10, MIB, 0)).singleElement().extracting(SpoolDiskFullTest::label)
                    .isEqualTo("record-" + n);

            Files.delete(ballast);
            for (int i = 0; i < 10; i++) {
                assertThat(append(spool, ++n, 10_000)).as("space is back").isTrue();
            }
            assertThat(spool.pendingRecords()).isEqualTo(11);
        }
        try (Spool reopened = new Spool(fs.dir().resolve("spool"), 256 * MIB)) {
            assertThat(reopened.pendingRecords()).as("whole frames only: the next run reads them all").isEqualTo(11);
        }
    }
}
