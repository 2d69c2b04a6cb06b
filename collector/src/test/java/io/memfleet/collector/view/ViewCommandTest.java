package io.memfleet.collector.view;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.memfleet.common.Cli;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** {@code memfleet view} end to end: on fake proc trees built from the captures, then on this machine's /proc. */
class ViewCommandTest {

    private static final Path PROC = Path.of("/proc");
    private static final List<String> MEMORY_LABELS = List.of("VmPeak", "VmSize", "VmLck", "VmPin", "VmHWM", "VmRSS",
            "RssAnon", "RssFile", "RssShmem", "VmData", "VmStk", "VmExe", "VmLib", "VmPTE", "VmSwap");

    @TempDir
    Path root;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine commandLine = Cli.commandLine(new ViewCommand());
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    /** Asserts the run failed with exactly one line on stderr and nothing on stdout, and returns that line. */
    private String oneErrorLine() {
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString()).endsWith("\n");
        List<String> lines = err.toString().lines().toList();
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).startsWith("memfleet view: ");
        return lines.get(0);
    }

    @Test
    void shouldPrintProcessFromProcRoot() throws Exception {
        int pid = FakeProc.install(root, FakeProc.C_PROGRAM);

        assertThat(run("--proc-root", root.toString(), Integer.toString(pid))).isZero();

        assertThat(err.toString()).isEmpty();
        assertThat(out.toString())
                .isEqualTo(ViewFormatter.format(FakeProc.snapshot(FakeProc.C_PROGRAM)))
                .startsWith("View Process [mf) odd (name]\n")
                .contains("\nVmRSS:        1708 kB\n")
                .contains("  /tmp/memfleet fixture/gone.so (deleted)\n")
                .endsWith("\nTotal: 28 mappings, 2524 kB mapped\n");
    }

    @Test
    void shouldShowPid1WhenNoPidIsGiven() throws Exception {
        FakeProc.install(root, FakeProc.JVM, 1);

        assertThat(run("--proc-root", root.toString())).isZero();

        assertThat(out.toString()).startsWith("View Process [java]\npid 1  ppid 1  uid 0  state S  threads 19\n");
    }

    @Test
    void shouldShowKernelThread() throws Exception {
        FakeProc.install(root, FakeProc.KTHREADD);

        assertThat(run("--proc-root", root.toString(), "2")).isZero();

        assertThat(out.toString()).contains("(kernel thread: no user memory")
                .endsWith("Total: 0 mappings, 0 kB mapped\n");
    }

    @Test
    void shouldFailWithOneLineForMissingProcess() throws Exception {
        FakeProc.install(root, FakeProc.C_PROGRAM);

        assertThat(run("--proc-root", root.toString(), "999")).isEqualTo(Cli.EXIT_FAILURE);

        assertThat(oneErrorLine()).isEqualTo("memfleet view: no process 999 in " + root
                + " (it does not exist, or exited while being read)");
    }

    @Test
    void shouldFailWithOneLineForUnreadableMaps() throws Exception {
        // Root ignores file modes, so a directory stands in for an unreadable file (EISDIR, UNREADABLE like EACCES).
        Path maps = root.resolve(FakeProc.install(root, FakeProc.C_PROGRAM) + "/maps");
        Files.delete(maps);
        Files.createDirectory(maps);

        assertThat(run("--proc-root", root.toString(), "3654")).isEqualTo(Cli.EXIT_FAILURE);

        assertThat(oneErrorLine()).startsWith("memfleet view: cannot read process 3654: " + maps + ": cannot read (");
    }

    @Test
    void shouldFailWithOneLineForGarbledFile() throws Exception {
        Path status = root.resolve(FakeProc.install(root, FakeProc.C_PROGRAM) + "/status");
        Files.writeString(status, "Name:\tx\nState:\t?\n");

        assertThat(run("--proc-root", root.toString(), "3654")).isEqualTo(Cli.EXIT_FAILURE);

        assertThat(oneErrorLine()).startsWith("memfleet view: cannot parse process 3654: " + status);
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "12x", "0", "4194304", "2147483646", "1234567890", "self", ""})
    void shouldRejectWhatIsNotAPidAsUsageErrorNamingTheRange(String pid) {
        assertThat(run("--proc-root", root.toString(), pid)).isEqualTo(Cli.EXIT_USAGE);

        assertThat(oneErrorLine()).isEqualTo("memfleet view: PID must be a process id (a whole number from 1 to "
                + "4194303), not \"" + pid + "\"");
    }

    @Test
    void shouldTakeTheLargestPidLinuxCanGive() {
        assertThat(run("--proc-root", root.toString(), "4194303")).isEqualTo(Cli.EXIT_FAILURE);

        assertThat(oneErrorLine()).startsWith("memfleet view: no process 4194303 in ");
    }

    @Test
    void shouldRejectMissingProcRootAsUsageError() {
        assertThat(run("--proc-root", root.resolve("nope").toString(), "1")).isEqualTo(Cli.EXIT_USAGE);

        assertThat(oneErrorLine())
                .isEqualTo("memfleet view: --proc-root " + root.resolve("nope") + ": no such directory");
    }

    @Test
    void shouldRejectUnknownOptionAsUsageError() {
        assertThat(run("--proc", root.toString())).isEqualTo(Cli.EXIT_USAGE);
        assertThat(err.toString()).contains("--proc");
    }

    // ---- this machine's /proc ----

    /** The memory lines of a status file, read the plain way, independent of the parser and the formatter. */
    private static Map<String, Long> directMemory(long pid) throws IOException {
        Map<String, Long> kb = new HashMap<>();
        for (String line : Files.readAllLines(PROC.resolve(pid + "/status"))) {
            int colon = line.indexOf(':');
            if (MEMORY_LABELS.contains(line.substring(0, colon))) {
                kb.put(line.substring(0, colon), Long.parseLong(line.substring(colon + 1).replace("kB", "").trim()));
            }
        }
        return kb;
    }

    private static long mapsLines(long pid) throws IOException {
        return Files.readAllLines(PROC.resolve(pid + "/maps")).size();
    }

    /** What the view printed: the memory lines by label. */
    private static Map<String, Long> shownMemory(String text) {
        Map<String, Long> kb = new HashMap<>();
        for (String line : text.lines().toList()) {
            int colon = line.indexOf(':');
            if (colon > 0 && MEMORY_LABELS.contains(line.substring(0, colon)) && line.endsWith(" kB")) {
                kb.put(line.substring(0, colon), Long.parseLong(line.substring(colon + 1, line.length() - 3).trim()));
            }
        }
        return kb;
    }

    private static List<String> tableRows(String text) {
        List<String> lines = text.lines().toList();
        List<String> rows = new ArrayList<>();
        for (String line : lines) {
            if (line.matches("[0-9a-f]{16} - [0-9a-f]{16}  [-r][-w][-x][ps]  .*")) {
                rows.add(line);
            }
        }
        return rows;
    }

    /**
     * This JVM maps memory and starts threads while it runs, so the view is compared with status read
     * just before and just after it: fields that did not move in that window must be equal, and
     * a window in which VmPeak, VmExe or VmLib moved is retried a few times.
     */
    @Test
    @EnabledOnOs(OS.LINUX)
    void shouldShowOwnProcessAsProcShowsIt() throws Exception {
        long pid = ProcessHandle.current().pid();
        List<String> exact = List.of("VmPeak", "VmLck", "VmPin", "VmExe", "VmLib");
        Map<String, Long> before;
        Map<String, Long> after;
        Map<String, Long> shown;
        long mapsBefore;
        long mapsAfter;
        String text;
        int attempts = 0;
        do {
            attempts++;
            out.getBuffer().setLength(0);
            before = directMemory(pid);
            mapsBefore = mapsLines(pid);
            assertThat(run(Long.toString(pid))).as(err.toString()).isZero();
            after = directMemory(pid);
            mapsAfter = mapsLines(pid);
            text = out.toString();
            shown = shownMemory(text);
        } while (!sameIn(exact, before, after) && attempts < 5);

        assertThat(text).startsWith("View Process [java]\npid " + pid + "  ppid ");
        assertThat(shown.keySet()).containsExactlyInAnyOrderElementsOf(MEMORY_LABELS);
        for (String label : exact) {
            assertThat(shown.get(label)).as(label).isBetween(Math.min(before.get(label), after.get(label)),
                    Math.max(before.get(label), after.get(label)));
        }
        long rssLow = Math.min(before.get("VmRSS"), after.get("VmRSS"));
        long rssHigh = Math.max(before.get("VmRSS"), after.get("VmRSS"));
        long slack = Math.max(4096, rssHigh / 10);
        assertThat(shown.get("VmRSS")).isBetween(rssLow - slack, rssHigh + slack);

        List<String> rows = tableRows(text);
        assertThat((long) rows.size())
                .isBetween(Math.min(mapsBefore, mapsAfter) - 10, Math.max(mapsBefore, mapsAfter) + 10);
        assertThat(text).endsWith("\n").contains("\nTotal: " + rows.size() + " mappings, ");
        assertThat(rows).anyMatch(row -> row.endsWith("  [ heap ]")).anyMatch(row -> row.endsWith("  [ stack ]"))
                .anyMatch(row -> row.endsWith("/libjvm.so"));
    }

    private static boolean sameIn(List<String> labels, Map<String, Long> a, Map<String, Long> b) {
        return labels.stream().allMatch(label -> a.get(label).equals(b.get(label)));
    }

    /** Whatever this host decides about pid 1's maps (denied here even to root), the view agrees with a plain read. */
    @Test
    @EnabledOnOs(OS.LINUX)
    void shouldAgreeWithDirectReadOfPid1() throws Exception {
        boolean denied;
        try {
            Files.readAllBytes(PROC.resolve("1/maps"));
            denied = false;
        } catch (AccessDeniedException e) {
            denied = true;
        }

        int exit = run();

        if (denied) {
            assertThat(exit).isEqualTo(Cli.EXIT_FAILURE);
            assertThat(oneErrorLine()).startsWith("memfleet view: cannot read process 1: /proc/1/maps: access denied")
                    .contains("CAP_SYS_PTRACE");
        } else {
            assertThat(exit).isZero();
            assertThat(out.toString()).contains("\npid 1  ppid 0  ");
        }
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void shouldShowLiveKernelThread() throws Exception {
        Path status = PROC.resolve("2/status");
        assumeThat(Files.exists(status) && Files.readString(status).contains("\nKthread:\t1\n"))
                .as("pid 2 is a kernel thread here (not in a pid namespace)").isTrue();

        assertThat(run("2")).isZero();

        assertThat(out.toString())
                .contains("\n(kernel thread: no user memory, so no Vm*/Rss* values and no mappings)\n")
                .endsWith("\nTotal: 0 mappings, 0 kB mapped\n");
    }
}
