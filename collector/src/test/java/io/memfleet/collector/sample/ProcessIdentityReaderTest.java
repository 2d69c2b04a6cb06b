package io.memfleet.collector.sample;

import static org.assertj.core.api.Assertions.assertThat;

import io.memfleet.collector.procfs.ElfBuildId;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The identity reader against this machine's live /proc, and the build-id cache's bound on reads. */
class ProcessIdentityReaderTest {

    private static final Path PROC = Path.of("/proc");

    @Test
    void shouldReadThisJvmsOwnIdentity() throws Exception {
        int self = (int) ProcessHandle.current().pid();
        Path java = Path.of(System.getProperty("java.home"), "bin", "java").toRealPath();

        ProcessIdentityReader.Identity id = new ProcessIdentityReader(PROC, new BuildIdCache()).read(self, true);

        assertThat(id.exe()).isEqualTo(java.toString());
        assertThat(id.buildId()).isNotNull().isEqualTo(ElfBuildId.ofFile(java));
        assertThat(id.cgroup()).startsWith("/");
    }

    @Test
    void shouldGiveAKernelThreadNoIdentity() {
        assertThat(new ProcessIdentityReader(PROC, new BuildIdCache()).read(2, false))
                .isEqualTo(ProcessIdentityReader.Identity.NONE);
    }

    @Test
    void shouldGiveAProcessThatIsGoneNoIdentity() {
        assertThat(new ProcessIdentityReader(PROC, new BuildIdCache()).read(Integer.MAX_VALUE, true))
                .isEqualTo(ProcessIdentityReader.Identity.NONE);
    }

    @Test
    void shouldReadEachExecutableOnceWhateverLinkLeadsToIt(@TempDir Path dir) throws Exception {
        Path ls = Path.of("/bin/ls").toRealPath();
        BuildIdCache cache = new BuildIdCache();
        for (int i = 0; i < 5; i++) {
            Path link = Files.createSymbolicLink(dir.resolve("exe" + i), ls);
            assertThat(cache.buildId(link)).isEqualTo(ElfBuildId.ofFile(ls));
        }
        assertThat(cache.reads()).isEqualTo(1);
    }

    @Test
    void shouldCacheAFileWithoutBuildIdToo(@TempDir Path dir) throws Exception {
        Path script = Files.writeString(dir.resolve("script"), "#!/bin/sh\n");
        BuildIdCache cache = new BuildIdCache();
        assertThat(cache.buildId(script)).isNull();
        assertThat(cache.buildId(script)).isNull();
        assertThat(cache.reads()).isEqualTo(1);
    }
}
