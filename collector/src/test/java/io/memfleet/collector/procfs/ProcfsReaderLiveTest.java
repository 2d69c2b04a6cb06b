package io.memfleet.collector.procfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** ProcfsReader against this machine's real /proc, checked against the same files read the plain way. */
@EnabledOnOs(OS.LINUX)
class ProcfsReaderLiveTest {

    private static final Path PROC = Path.of("/proc");
    private final ProcfsReader reader = new ProcfsReader();

    /** Status as "key -> value" the simple way: independent of the parser under test. */
    private static Map<String, String> directStatus(long pid) throws IOException {
        Map<String, String> fields = new HashMap<>();
        for (String line : Files.readAllLines(PROC.resolve(pid + "/status"))) {
            int colon = line.indexOf(':');
            fields.put(line.substring(0, colon), line.substring(colon + 1).trim());
        }
        return fields;
    }

    private static long kb(String value) {
        return Long.parseLong(value.replace("kB", "").trim());
    }

    @Test
    void shouldReadOwnProcessLikeDirectRead() throws Exception {
        long pid = ProcessHandle.current().pid();
        ProcessSnapshot snapshot = reader.read((int) pid);
        Map<String, String> direct = directStatus(pid);
        List<String> directMaps = Files.readAllLines(PROC.resolve(pid + "/maps"));
        String directStat = Files.readString(PROC.resolve(pid + "/stat"));
        String[] afterComm = directStat.substring(directStat.lastIndexOf(')') + 2).trim().split(" ");

        assertThat(snapshot.status().name()).isEqualTo(direct.get("Name")).isEqualTo(snapshot.stat().comm());
        assertThat(snapshot.stat().ppid()).isEqualTo(snapshot.status().ppid())
                .isEqualTo(Integer.parseInt(direct.get("PPid")))
                .isEqualTo((int) ProcessHandle.current().parent().orElseThrow().pid());
        assertThat(snapshot.status().uid()).isEqualTo(Long.parseLong(direct.get("Uid").split("\\s+")[0]));
        assertThat(snapshot.stat().startTime()).isEqualTo(Long.parseLong(afterComm[19]));
        // RSS and the mapping list move while the JVM runs (GC, JIT, new threads): compare loosely.
        long directRss = kb(direct.get("VmRSS"));
        assertThat(snapshot.status().vmRssKb()).isCloseTo(directRss, within(Math.max(8192L, directRss / 4)));
        assertThat(snapshot.mappings().size()).isCloseTo(directMaps.size(), within(Math.max(20, directMaps.size() / 10)));
        assertThat(snapshot.mapsDigest()).hasSize(32).matches("[0-9a-f]{32}");
        assertThat(snapshot.mapsBytes()).isPositive();
    }

    @Test
    void shouldListOwnPidAndPid1() throws Exception {
        assertThat(reader.listPids()).contains((int) ProcessHandle.current().pid(), 1).isSorted();
    }

    @Test
    void shouldReadBootIdAndHostnameOfThisHost() throws Exception {
        assertThat(reader.bootId())
                .isEqualTo(Files.readString(PROC.resolve("sys/kernel/random/boot_id")).trim())
                .matches("[0-9a-f-]{36}");
        assertThat(reader.hostname()).isEqualTo(Files.readString(PROC.resolve("sys/kernel/hostname")).trim());
    }

    @Test
    @Timeout(30)
    void shouldReportExitedProcessAsGone() throws Exception {
        Process sleep = new ProcessBuilder("sleep", "30").start();
        try {
            int pid = (int) sleep.pid();
            assertThat(reader.read(pid).stat().comm()).isEqualTo("sleep");
            sleep.destroy();
            // waitFor returns once the JDK has reaped the child, so /proc/<pid> is gone, not a zombie.
            assertThat(sleep.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThatThrownBy(() -> reader.read(pid))
                    .isInstanceOf(ProcessGoneException.class)
                    .satisfies(e -> assertThat(((ProcfsException) e).reason()).isEqualTo(ProcfsException.Reason.GONE));
        } finally {
            sleep.destroyForcibly();
        }
    }

    /**
     * Root is not enough to read every maps file: the kernel checks ptrace access (PTRACE_MODE_READ),
     * and in a container without CAP_SYS_PTRACE pid 1's maps is denied even to root. Whatever this
     * host decides, the reader must agree with a plain read.
     */
    @Test
    void shouldAgreeWithDirectReadOfPid1Maps() throws Exception {
        boolean deniedDirectly;
        try {
            Files.readAllBytes(PROC.resolve("1/maps"));
            deniedDirectly = false;
        } catch (AccessDeniedException e) {
            deniedDirectly = true;
        }
        if (deniedDirectly) {
            assertThatThrownBy(() -> reader.read(1))
                    .isInstanceOf(ProcfsUnreadableException.class)
                    .hasMessageContaining("/proc/1/maps");
        } else {
            assertThat(reader.read(1).pid()).isEqualTo(1);
        }
    }
}
