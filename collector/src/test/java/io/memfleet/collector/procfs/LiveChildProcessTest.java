package io.memfleet.collector.procfs;

import static org.assertj.core.api.Assertions.assertThat;

import io.memfleet.schema.Mapping;
import io.memfleet.schema.MappingKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * The collector's view of a process it starts equals that process's /proc files read directly.
 *
 * <p>The child is {@code /bin/sh -c 'exec sleep 60'}: the JDK's spawn helper execs the shell, which
 * execs sleep in the same pid, so the reader must see the process as it is after the last exec. Once
 * it sleeps, nothing in its status or maps moves, so every field is compared exactly.
 */
@EnabledOnOs(OS.LINUX)
@Timeout(60)
class LiveChildProcessTest {

    private static final Path PROC = Path.of("/proc");
    /** The five fixed fields of a maps line, then the kernel's padding, then the path (if any). */
    private static final Pattern MAPS_LINE = Pattern.compile("(\\S+ \\S+ \\S+ \\S+ \\S+) *(.*)");

    private static final Map<String, Function<ProcStatus, Long>> MEMORY = new LinkedHashMap<>();

    static {
        MEMORY.put("VmPeak", ProcStatus::vmPeakKb);
        MEMORY.put("VmSize", ProcStatus::vmSizeKb);
        MEMORY.put("VmLck", ProcStatus::vmLckKb);
        MEMORY.put("VmPin", ProcStatus::vmPinKb);
        MEMORY.put("VmHWM", ProcStatus::vmHwmKb);
        MEMORY.put("VmRSS", ProcStatus::vmRssKb);
        MEMORY.put("RssAnon", ProcStatus::rssAnonKb);
        MEMORY.put("RssFile", ProcStatus::rssFileKb);
        MEMORY.put("RssShmem", ProcStatus::rssShmemKb);
        MEMORY.put("VmData", ProcStatus::vmDataKb);
        MEMORY.put("VmStk", ProcStatus::vmStkKb);
        MEMORY.put("VmExe", ProcStatus::vmExeKb);
        MEMORY.put("VmLib", ProcStatus::vmLibKb);
        MEMORY.put("VmPTE", ProcStatus::vmPteKb);
        MEMORY.put("VmSwap", ProcStatus::vmSwapKb);
    }

    private final ProcfsReader reader = new ProcfsReader();
    private Process child;

    @AfterEach
    void stopChild() throws InterruptedException {
        if (child != null) {
            child.destroyForcibly();
            child.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void shouldReadChildExactlyAsItsProcFilesSay() throws Exception {
        int pid = startSleeper();
        Path dir = PROC.resolve(Integer.toString(pid));

        String statusBefore = Files.readString(dir.resolve("status"));
        byte[] mapsBefore = Files.readAllBytes(dir.resolve("maps"));
        String stat = Files.readString(dir.resolve("stat"));
        ProcessSnapshot snapshot = reader.read(pid);
        byte[] mapsAfter = Files.readAllBytes(dir.resolve("maps"));
        Map<String, String> status = fields(statusBefore);

        // A sleeping process does not move: the two direct reads around the reader's agree.
        assertThat(fields(Files.readString(dir.resolve("status")))).isEqualTo(status);
        assertThat(mapsAfter).isEqualTo(mapsBefore);

        for (Map.Entry<String, Function<ProcStatus, Long>> field : MEMORY.entrySet()) {
            String direct = status.get(field.getKey());
            assertThat(field.getValue().apply(snapshot.status())).as(field.getKey())
                    .isEqualTo(direct == null ? null : Long.valueOf(direct.replace(" kB", "")));
        }
        assertThat(snapshot.status().vmRssKb()).as("a user process has memory lines").isPositive();

        assertThat(snapshot.status().name()).isEqualTo(status.get("Name")).isEqualTo(snapshot.stat().comm())
                .isEqualTo("sleep");
        int jvm = (int) ProcessHandle.current().pid();
        assertThat(snapshot.status().ppid()).isEqualTo(Integer.parseInt(status.get("PPid"))).isEqualTo(jvm);
        assertThat(snapshot.stat().ppid()).isEqualTo(jvm);
        Map<String, String> jvmStatus = fields(Files.readString(PROC.resolve("self/status")));
        assertThat(snapshot.status().uid()).isEqualTo(Long.parseLong(status.get("Uid").split("\t")[0]))
                .isEqualTo(Long.parseLong(jvmStatus.get("Uid").split("\t")[0]));
        assertThat(snapshot.status().threads()).isEqualTo(Integer.parseInt(status.get("Threads")))
                .isEqualTo(snapshot.stat().numThreads()).isEqualTo(1);
        assertThat(snapshot.status().state()).isEqualTo(status.get("State").substring(0, 1)).isEqualTo("S");

        String[] afterComm = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        assertThat(snapshot.stat().pid()).isEqualTo(snapshot.pid()).isEqualTo(pid)
                .isEqualTo(Integer.parseInt(stat.substring(0, stat.indexOf(' '))));
        assertThat(snapshot.stat().state()).isEqualTo(afterComm[0]);
        assertThat(snapshot.stat().startTime()).as("field 22 of stat").isEqualTo(Long.parseLong(afterComm[22 - 3]));

        List<String> rawLines = Arrays.asList(new String(mapsBefore, StandardCharsets.UTF_8).split("\n"));
        assertThat(snapshot.mappings()).hasSize(rawLines.size());
        for (int i = 0; i < rawLines.size(); i++) {
            assertThat(kernelLine(snapshot.mappings().get(i))).as("maps line %d", i + 1)
                    .isEqualTo(withoutPadding(rawLines.get(i)));
        }
        assertThat(snapshot.mapsDigest()).isEqualTo(MapsDigest.of(mapsBefore));
        assertThat(snapshot.mapsBytes()).isEqualTo(mapsBefore.length);

        String exe = Files.readSymbolicLink(dir.resolve("exe")).toString();
        assertThat(snapshot.mappings())
                .anyMatch(m -> m.kind() == MappingKind.FILE && m.path().equals(exe) && m.executable());
        assertThat(snapshot.mappings()).anyMatch(m -> m.kind() == MappingKind.STACK);
    }

    /**
     * Starts the child and waits until it has become sleep and settled: its comm says sleep (both
     * execs done), it sleeps, and status and maps are the same in two reads 50 ms apart (the
     * dynamic loader is done mapping libraries).
     */
    private int startSleeper() throws IOException, InterruptedException {
        child = new ProcessBuilder("/bin/sh", "-c", "exec sleep 60")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        int pid = (int) child.pid();
        Path dir = PROC.resolve(Integer.toString(pid));
        String previous = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            assertThat(child.isAlive()).as("sleep 60 is running").isTrue();
            String now = Files.readString(dir.resolve("comm")) + Files.readString(dir.resolve("status"))
                    + Files.readString(dir.resolve("maps"));
            if (now.startsWith("sleep\n") && fields(now).get("State").startsWith("S") && now.equals(previous)) {
                return pid;
            }
            previous = now;
            Thread.sleep(50);
        }
        throw new AssertionError("child " + pid + " did not settle into sleep within 20 s");
    }

    /** {@code Key:\tvalue} lines the plain way, independent of the parser under test; values trimmed. */
    private static Map<String, String> fields(String status) {
        Map<String, String> fields = new HashMap<>();
        for (String line : status.split("\n")) {
            int colon = line.indexOf(":\t");
            if (colon > 0) {
                fields.put(line.substring(0, colon), line.substring(colon + 2).trim());
            }
        }
        return fields;
    }

    /** A mapping as the kernel prints it ({@code %08lx-%08lx %s %08llx %s %lu}, then the path), without its padding. */
    private static String kernelLine(Mapping m) {
        String line = String.format("%08x-%08x %s %08x %s %s", m.start(), m.end(), m.perms(), m.offset(), m.dev(),
                Long.toUnsignedString(m.inode()));
        return m.path().isEmpty() ? line : line + " " + m.path();
    }

    /** A raw maps line with the kernel's column padding (and the blank it leaves after an anonymous inode) reduced. */
    private static String withoutPadding(String raw) {
        Matcher m = MAPS_LINE.matcher(raw);
        assertThat(m.matches()).as("maps line %s", raw).isTrue();
        return m.group(2).isEmpty() ? m.group(1) : m.group(1) + " " + m.group(2);
    }
}
