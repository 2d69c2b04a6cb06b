package io.memfleet.collector.view;

import static org.assertj.core.api.Assertions.assertThat;

import io.memfleet.collector.procfs.ProcStat;
import io.memfleet.collector.procfs.ProcStatus;
import io.memfleet.collector.procfs.ProcessSnapshot;
import io.memfleet.schema.Mapping;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Golden tests of the viewer's text on the captured procfs cases: no /proc involved. */
class ViewFormatterTest {

    private static final String TABLE_HEADER =
            "Address                              Mode  Offset    dev_t  inode    Mapping/Type";

    private static List<String> lines(String caseName) throws Exception {
        return ViewFormatter.format(FakeProc.snapshot(caseName)).lines().toList();
    }

    private static int headerIndex(List<String> lines) {
        int header = lines.indexOf(
                lines.stream().filter(line -> line.startsWith("Address ")).findFirst().orElseThrow());
        assertThat(lines.get(header)).matches("Address {30}Mode  Offset {4}dev_t  inode +Mapping/Type");
        return header;
    }

    /** The table rows: from the line after the header up to the total. */
    private static List<String> rows(List<String> lines) {
        return lines.subList(headerIndex(lines) + 1, lines.size() - 1);
    }

    @Test
    void shouldPrintCProgramExactly() throws Exception {
        // The line of "trailing space " ends in a blank, written \s so the text block keeps it.
        assertThat(ViewFormatter.format(FakeProc.snapshot(FakeProc.C_PROGRAM))).isEqualTo("""
                View Process [mf) odd (name]
                pid 3654  ppid 1  uid 0  state S  threads 1

                VmPeak:       2520 kB
                VmSize:       2520 kB
                VmLck:           0 kB
                VmPin:           0 kB
                VmHWM:        1708 kB
                VmRSS:        1708 kB
                RssAnon:       124 kB
                RssFile:      1584 kB
                RssShmem:        0 kB
                VmData:        240 kB
                VmStk:         132 kB
                VmExe:           4 kB
                VmLib:        1540 kB
                VmPTE:          44 kB
                VmSwap:          0 kB

                Address                              Mode  Offset    dev_t  inode    Mapping/Type
                000055a812037000 - 000055a812038000  r--p  00000000  fe:00  2146581  /tmp/mf/fixture
                000055a812038000 - 000055a812039000  r-xp  00001000  fe:00  2146581  /tmp/mf/fixture
                000055a812039000 - 000055a81203a000  r--p  00002000  fe:00  2146581  /tmp/mf/fixture
                000055a81203a000 - 000055a81203b000  r--p  00002000  fe:00  2146581  /tmp/mf/fixture
                000055a81203b000 - 000055a81203c000  rw-p  00003000  fe:00  2146581  /tmp/mf/fixture
                000055a8221e8000 - 000055a822209000  rw-p  00000000  00:00  0        [ heap ]
                00007f1194cdf000 - 00007f1194ce6000  rw-p  00000000  00:00  0        [ anon ]
                00007f1194ce6000 - 00007f1194d0c000  r--p  00000000  fe:00  339380   /usr/lib/x86_64-linux-gnu/libc.so.6
                00007f1194d0c000 - 00007f1194e62000  r-xp  00026000  fe:00  339380   /usr/lib/x86_64-linux-gnu/libc.so.6
                00007f1194e62000 - 00007f1194eb5000  r--p  0017c000  fe:00  339380   /usr/lib/x86_64-linux-gnu/libc.so.6
                00007f1194eb5000 - 00007f1194eb9000  r--p  001cf000  fe:00  339380   /usr/lib/x86_64-linux-gnu/libc.so.6
                00007f1194eb9000 - 00007f1194ebb000  rw-p  001d3000  fe:00  339380   /usr/lib/x86_64-linux-gnu/libc.so.6
                00007f1194ebb000 - 00007f1194ec8000  rw-p  00000000  00:00  0        [ anon ]
                00007f1194eca000 - 00007f1194ecc000  r-xs  00000000  fe:00  2146582  /tmp/memfleet fixture/gone.so (deleted)
                00007f1194ecc000 - 00007f1194ece000  r--s  00000000  fe:00  2146580  /tmp/memfleet fixture/trailing space\s
                00007f1194ece000 - 00007f1194ed0000  rw-s  00000000  fe:00  2146579  /tmp/memfleet fixture/data file.bin
                00007f1194ed0000 - 00007f1194ed1000  r-xs  00000000  00:01  1025     /memfd:memfleet-jit (deleted)
                00007f1194ed1000 - 00007f1194ed3000  rw-p  00000000  00:00  0        [ anon ]
                00007f1194ed3000 - 00007f1194ed7000  r--p  00000000  00:00  0        [ vvar ]
                00007f1194ed7000 - 00007f1194ed9000  r--p  00000000  00:00  0        [ vvar_vclock ]
                00007f1194ed9000 - 00007f1194edb000  r-xp  00000000  00:00  0        [ vdso ]
                00007f1194edb000 - 00007f1194edc000  r--p  00000000  fe:00  338944   /usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2
                00007f1194edc000 - 00007f1194f02000  r-xp  00001000  fe:00  338944   /usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2
                00007f1194f02000 - 00007f1194f0c000  r--p  00027000  fe:00  338944   /usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2
                00007f1194f0c000 - 00007f1194f0e000  r--p  00031000  fe:00  338944   /usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2
                00007f1194f0e000 - 00007f1194f10000  rw-p  00033000  fe:00  338944   /usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2
                00007ffeeea7f000 - 00007ffeeeaa0000  rw-p  00000000  00:00  0        [ stack ]
                ffffffffff600000 - ffffffffff601000  --xp  00000000  00:00  0        [ vsyscall ]
                Total: 28 mappings, 2524 kB mapped
                """);
    }

    @Test
    void shouldPrintJvmSummaryAndSpecialRegions() throws Exception {
        List<String> lines = lines(FakeProc.JVM);

        assertThat(lines.get(0)).isEqualTo("View Process [java]");
        assertThat(lines.get(1)).isEqualTo("pid 3828  ppid 1  uid 0  state S  threads 19");
        assertThat(lines).contains(
                "VmPeak:    2701144 kB",
                "VmRSS:       37472 kB",
                "VmData:     148264 kB",
                TABLE_HEADER,
                // 32-bit-wide addresses and the 9-digit end are padded like every other.
                "00000000fc000000 - 00000000ffe00000  rw-p  00000000  00:00  0        [ anon ]",
                "00000000fff78000 - 0000000100000000  rw-p  00000000  00:00  0        [ anon ]",
                "000055ba657f3000 - 000055ba6583a000  rw-p  00000000  00:00  0        [ heap ]",
                "00007ffdf31b0000 - 00007ffdf31d1000  rw-p  00000000  00:00  0        [ stack ]",
                "00007fe699efc000 - 00007fe699efe000  r-xp  00000000  00:00  0        [ vdso ]",
                "ffffffffff600000 - ffffffffff601000  --xp  00000000  00:00  0        [ vsyscall ]");
        assertThat(rows(lines)).hasSize(191);
        // The sum of the sizes is VmSize plus the [vsyscall] page, which is no VMA of the process.
        assertThat(lines.get(lines.size() - 1)).isEqualTo("Total: 191 mappings, 2638688 kB mapped");
    }

    @Test
    void shouldPrintFileOfRowsVerbatim() throws Exception {
        assertThat(lines(FakeProc.JVM)).contains("00000000ffe00000 - 00000000ffe75000  rw-p  00c77000  fe:00  328258   "
                + "/usr/lib/jvm/java-17-openjdk-amd64/lib/server/classes.jsa");
    }

    @Test
    void shouldSayKernelThreadHasNoUserMemory() throws Exception {
        assertThat(ViewFormatter.format(FakeProc.snapshot(FakeProc.KTHREADD))).isEqualTo("""
                View Process [kthreadd]
                pid 2  ppid 0  uid 0  state S  threads 1

                (kernel thread: no user memory, so no Vm*/Rss* values and no mappings)

                Total: 0 mappings, 0 kB mapped
                """);
    }

    @Test
    void shouldEscapeControlCharactersOfName() throws Exception {
        List<String> lines = lines(FakeProc.SHELL);
        // comm is: esc, backslash, a), newline, b, tab, c d. status writes the backslash and newline
        // escaped the same way; the tab becomes \t so the header stays one line.
        assertThat(lines.get(0)).isEqualTo("View Process [esc\\\\a)\\nb\\tc d]");
        // The widest inode has six digits here, so the last column starts one place further left.
        assertThat(lines).contains(
                "Address                              Mode  Offset    dev_t  inode   Mapping/Type",
                "ffffffffff600000 - ffffffffff601000  --xp  00000000  00:00  0       [ vsyscall ]");
        assertThat(lines.get(lines.size() - 1)).isEqualTo("Total: 25 mappings, 2596 kB mapped");
    }

    @Test
    void shouldTagNamedAnonymousAndOtherKernelRegions() throws Exception {
        String text = ViewFormatter.format(FakeProc.withMapsOf(FakeProc.SYNTHETIC_ANON, FakeProc.C_PROGRAM));
        assertThat(text.lines().toList()).contains(
                "00005575a5a00000 - 00005575a5a21000  rw-p  00000000  00:00  0      [ heap ]",
                "00007f3b2c000000 - 00007f3b2c004000  rw-p  00000000  00:00  0      [ anon:memfleet-arena ]",
                "00007f3b2c004000 - 00007f3b2c008000  rw-p  00000000  00:00  0      [ anon:jit cache ]",
                "00007f3b2c008000 - 00007f3b2c00c000  rw-s  00000000  00:01  2050   [ anon_shmem:ring buffer ]",
                "00007f3b2c00c000 - 00007f3b2c010000  rw-p  00000000  00:00  0      [ anon ]",
                "00007f3b2d000000 - 00007f3b2d021000  rw-p  00000000  00:00  0      [ stack:1234 ]",
                "00007f3b2d021000 - 00007f3b2d022000  r-xp  00000000  00:00  0      [ uprobes ]",
                "Total: 8 mappings, 336 kB mapped");
    }

    @ParameterizedTest
    @ValueSource(strings = {FakeProc.JVM, FakeProc.C_PROGRAM, FakeProc.SHELL})
    void shouldAlignEveryColumnWithHeader(String caseName) throws Exception {
        List<String> lines = lines(caseName);
        int[] columns = columnStarts(lines.get(headerIndex(lines)));
        for (String row : rows(lines)) {
            assertThat(columnStarts(row.substring(0, columns[columns.length - 1] + 1)))
                    .as(row).containsExactly(columns);
        }
        List<String> memory = lines.subList(3, 18);
        assertThat(memory).allSatisfy(line -> assertThat(line).hasSize(memory.get(0).length()).endsWith(" kB"));
    }

    /** Where each column of a line starts: at 0 or after two blanks (the " - " in the address has one each side). */
    private static int[] columnStarts(String line) {
        return IntStream.range(0, line.length())
                .filter(i -> line.charAt(i) != ' ' && (i == 0 || i >= 2 && line.startsWith("  ", i - 2)))
                .toArray();
    }

    @Test
    void shouldWidenColumnsForLongOffsetDeviceAndInode() throws Exception {
        ProcessSnapshot base = FakeProc.snapshot(FakeProc.C_PROGRAM);
        List<Mapping> mappings = List.of(
                Mapping.of(0x1000, 0x2000, "r--s", 0x1_2345_6789_0000L, "103:02", 12_345_678_901L, "/dev/dri/card0"),
                Mapping.of(0x2000, 0x3000, "rw-p", 0, "00:00", 0, ""));
        List<String> lines = ViewFormatter.format(new ProcessSnapshot(base.pid(), base.stat(), base.status(), mappings,
                base.mapsDigest(), base.mapsBytes())).lines().toList();

        assertThat(lines).containsSequence(
                "Address                              Mode  Offset         dev_t   inode        Mapping/Type",
                "0000000000001000 - 0000000000002000  r--s  1234567890000  103:02  12345678901  /dev/dri/card0",
                "0000000000002000 - 0000000000003000  rw-p  0000000000000  00:00   0            [ anon ]",
                "Total: 2 mappings, 8 kB mapped");
    }

    @Test
    void shouldPrintDashForSingleMissingMemoryLine() throws Exception {
        ProcessSnapshot base = FakeProc.snapshot(FakeProc.C_PROGRAM);
        ProcStatus s = base.status();
        // An older kernel (before 4.5) has no RssAnon, RssFile and RssShmem lines.
        ProcStatus old = new ProcStatus(s.name(), s.state(), s.ppid(), s.uid(), s.threads(), s.vmPeakKb(), s.vmSizeKb(),
                s.vmLckKb(), s.vmPinKb(), s.vmHwmKb(), s.vmRssKb(), null, null, null, s.vmDataKb(), s.vmStkKb(),
                s.vmExeKb(), s.vmLibKb(), s.vmPteKb(), s.vmSwapKb());

        List<String> lines = ViewFormatter.format(withStatus(base, old)).lines().toList();

        assertThat(lines).contains("VmRSS:        1708 kB", "RssAnon:         - kB", "RssShmem:        - kB");
    }

    @Test
    void shouldSayZombieHasReleasedItsMemory() throws Exception {
        ProcessSnapshot base = FakeProc.snapshot(FakeProc.C_PROGRAM);
        Long[] none = new Long[15];
        ProcStatus zombie = new ProcStatus("defunct", "Z", 1, 1000, 1, none[0], none[1], none[2], none[3], none[4],
                none[5], none[6], none[7], none[8], none[9], none[10], none[11], none[12], none[13], none[14]);
        ProcessSnapshot snapshot = new ProcessSnapshot(base.pid(), new ProcStat(base.pid(), "defunct", "Z", 1, 1, 5),
                zombie, List.of(), base.mapsDigest(), 0);

        assertThat(ViewFormatter.format(snapshot).lines().toList())
                .contains("(exited, not yet reaped: its memory is already released)")
                .noneMatch(line -> line.startsWith("Vm"));
    }

    @Test
    void shouldEscapeControlCharactersInPathOnly() {
        assertThat(ViewFormatter.printablePath("/tmp/a b (deleted)")).isEqualTo("/tmp/a b (deleted)");
        assertThat(ViewFormatter.printablePath("/tmp/\\012 is how maps writes a newline"))
                .isEqualTo("/tmp/\\012 is how maps writes a newline");
        assertThat(ViewFormatter.printablePath("/tmp/tab\there\u001b[31mred\u007f\u009b"))
                .isEqualTo("/tmp/tab\\011here\\033[31mred\\177\\233");
        assertThat(ViewFormatter.mappingType(Mapping.of(0, 0x1000, "rw-p", 0, "00:0e", 7, "anon_inode:[perf_event]")))
                .isEqualTo("anon_inode:[perf_event]");
    }

    private static ProcessSnapshot withStatus(ProcessSnapshot base, ProcStatus status) {
        return new ProcessSnapshot(base.pid(), base.stat(), status, base.mappings(), base.mapsDigest(),
                base.mapsBytes());
    }
}
