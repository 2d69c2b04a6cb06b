package io.memfleet.collector.procfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ProcfsReader over fake proc trees built from the captured fixtures.
 *
 * <p>How failures are simulated: a process that exits makes its files vanish, so a missing file or
 * a dangling symlink stands for GONE. Unreadability cannot be made with chmod 000 here because the
 * tests run as root and root ignores file modes; a directory where a file should be fails the read
 * with EISDIR, which the reader counts as UNREADABLE like EACCES. The chmod test runs only where
 * modes are enforced, and {@code ProcfsReaderLiveTest} reads the real, ptrace-protected /proc/1/maps.
 */
class ProcfsReaderTest {

    @TempDir
    Path root;

    private Path install(String caseName, int pid) throws IOException {
        Path dir = Files.createDirectories(root.resolve(Integer.toString(pid)));
        for (String file : new String[] {"stat", "status", "maps"}) {
            Files.copy(Fixtures.dir(caseName).resolve(file), dir.resolve(file));
        }
        return dir;
    }

    private ProcfsException.Reason failureReading(int pid) {
        try {
            new ProcfsReader(root).read(pid);
        } catch (ProcfsException e) {
            assertThat(e).hasMessageContaining(root.toString());
            return e.reason();
        }
        throw new AssertionError("read(" + pid + ") succeeded");
    }

    @Test
    void shouldReadAllThreeFilesOfProcess() throws Exception {
        install(Fixtures.C_PROGRAM, 3654);
        ProcessSnapshot snapshot = new ProcfsReader(root).read(3654);
        assertThat(snapshot.pid()).isEqualTo(3654);
        assertThat(snapshot.stat()).isEqualTo(new ProcStat(3654, "mf) odd (name", "S", 1, 1, 26692L));
        assertThat(snapshot.status().name()).isEqualTo("mf) odd (name");
        assertThat(snapshot.status().vmRssKb()).isEqualTo(1708L);
        assertThat(snapshot.mappings()).hasSize(28);
        assertThat(snapshot.mapsDigest()).isEqualTo("c24484e16720a49aac912afb6224dde6");
        assertThat(snapshot.mapsBytes()).isEqualTo(2665);
    }

    @Test
    void shouldReadKernelThreadWithNoMappings() throws Exception {
        install(Fixtures.KTHREADD, 2);
        ProcessSnapshot snapshot = new ProcfsReader(root).read(2);
        assertThat(snapshot.mappings()).isEmpty();
        assertThat(snapshot.mapsBytes()).isZero();
        assertThat(snapshot.mapsDigest()).isEqualTo("e3b0c44298fc1c149afbf4c8996fb924");
        assertThat(snapshot.status().vmSizeKb()).isNull();
    }

    @Test
    void shouldListOnlyNumericDirectoriesAscending() throws Exception {
        for (String name : new String[] {"300", "1", "42", "sys", "12a", "0", "1234567890"}) {
            Files.createDirectories(root.resolve(name));
        }
        Files.createSymbolicLink(root.resolve("self"), root.resolve("42"));
        Files.writeString(root.resolve("77"), "a file, not a process");
        assertThat(new ProcfsReader(root).listPids()).containsExactly(1, 42, 300);
    }

    @Test
    void shouldReportUnlistableRootAsUnreadable() {
        assertThatThrownBy(() -> new ProcfsReader(root.resolve("no-such-proc")).listPids())
                .isInstanceOf(ProcfsUnreadableException.class)
                .hasMessageContaining("no-such-proc");
    }

    @Test
    void shouldReportMissingPidAsGone() {
        assertThat(failureReading(999)).isEqualTo(ProcfsException.Reason.GONE);
    }

    @Test
    void shouldReportFileThatVanishedAfterStatAsGone() throws Exception {
        Files.delete(install(Fixtures.C_PROGRAM, 3654).resolve("maps"));
        assertThat(failureReading(3654)).isEqualTo(ProcfsException.Reason.GONE);
    }

    @Test
    void shouldReportDanglingSymlinkAsGone() throws Exception {
        Path maps = install(Fixtures.C_PROGRAM, 3654).resolve("maps");
        Files.delete(maps);
        Files.createSymbolicLink(maps, root.resolve("nowhere"));
        assertThat(failureReading(3654)).isEqualTo(ProcfsException.Reason.GONE);
    }

    @Test
    void shouldReportDirectoryInPlaceOfFileAsUnreadable() throws Exception {
        Path maps = install(Fixtures.C_PROGRAM, 3654).resolve("maps");
        Files.delete(maps);
        Files.createDirectory(maps);
        assertThat(failureReading(3654)).isEqualTo(ProcfsException.Reason.UNREADABLE);
    }

    @Test
    void shouldReportModeZeroFileAsUnreadableWhereModesApply() throws Exception {
        Path maps = install(Fixtures.C_PROGRAM, 3654).resolve("maps");
        Files.setPosixFilePermissions(maps, PosixFilePermissions.fromString("---------"));
        assumeThat(Files.isReadable(maps)).as("running as root: file modes are not enforced").isFalse();
        assertThat(failureReading(3654)).isEqualTo(ProcfsException.Reason.UNREADABLE);
    }

    @Test
    void shouldReportGarbledStatusAsMalformed() throws Exception {
        Files.writeString(install(Fixtures.C_PROGRAM, 3654).resolve("status"), "Name:\tx\nState:\t?\n");
        assertThat(failureReading(3654)).isEqualTo(ProcfsException.Reason.MALFORMED);
    }

    @Test
    void shouldReportStatOfAnotherPidAsMalformed() throws Exception {
        install(Fixtures.C_PROGRAM, 77);
        assertThatThrownBy(() -> new ProcfsReader(root).read(77))
                .isInstanceOf(ProcfsParseException.class)
                .hasMessageContaining("says pid 3654, expected 77");
    }

    @Test
    void shouldReadBootIdAndHostnameTrimmed() throws Exception {
        Path kernel = Files.createDirectories(root.resolve("sys/kernel/random")).getParent();
        Files.writeString(kernel.resolve("random/boot_id"), "1a259d9f-dff2-4600-9ab4-b2bef57868c9\n");
        Files.writeString(kernel.resolve("hostname"), "vm\n");
        ProcfsReader reader = new ProcfsReader(root);
        assertThat(reader.bootId()).isEqualTo("1a259d9f-dff2-4600-9ab4-b2bef57868c9");
        assertThat(reader.hostname()).isEqualTo("vm");
    }

    @Test
    void shouldReportMissingBootIdAsUnreadable() {
        assertThatThrownBy(() -> new ProcfsReader(root).bootId())
                .isInstanceOf(ProcfsUnreadableException.class)
                .hasMessageContaining("boot_id");
    }
}
