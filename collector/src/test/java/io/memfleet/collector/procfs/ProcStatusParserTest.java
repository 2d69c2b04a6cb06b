package io.memfleet.collector.procfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ProcStatusParserTest {

    private static ProcStatus parse(String caseName) throws ProcfsParseException {
        return ProcStatusParser.parse(caseName + "/status", Fixtures.text(caseName, "status"));
    }

    @Test
    void shouldLeaveMemoryFieldsAbsentForKernelThread() throws Exception {
        assertThat(parse(Fixtures.KTHREADD)).isEqualTo(new ProcStatus("kthreadd", "S", 0, 0L, 1,
                null, null, null, null, null, null, null, null, null, null, null, null, null, null, null));
    }

    @Test
    void shouldParseJvm() throws Exception {
        assertThat(parse(Fixtures.JVM)).isEqualTo(new ProcStatus("java", "S", 1, 0L, 19,
                2701144L, 2638684L, 0L, 0L, 37472L, 37472L, 16000L, 21472L, 0L,
                148264L, 132L, 4L, 17208L, 296L, 0L));
    }

    @Test
    void shouldParseNameWithParenthesesAndSpaces() throws Exception {
        assertThat(parse(Fixtures.C_PROGRAM)).isEqualTo(new ProcStatus("mf) odd (name", "S", 1, 0L, 1,
                2520L, 2520L, 0L, 0L, 1708L, 1708L, 124L, 1584L, 0L,
                240L, 132L, 4L, 1540L, 44L, 0L));
    }

    @Test
    void shouldUnescapeNameSoItEqualsStatComm() throws Exception {
        ProcStatus status = parse(Fixtures.SHELL);
        assertThat(status.name()).isEqualTo("esc\\a)\nb\tc d");
        assertThat(status.name()).isEqualTo(ProcStatParser.parse("stat", Fixtures.text(Fixtures.SHELL, "stat")).comm());
        assertThat(status.state()).isEqualTo("R");
        assertThat(status.ppid()).isEqualTo(3770);
        assertThat(status.vmExeKb()).isEqualTo(76L);
        assertThat(status.vmPteKb()).isEqualTo(40L);
    }

    @Test
    void shouldMatchStatCommOnEveryCapture() throws Exception {
        for (String caseName : Fixtures.CAPTURED) {
            ProcStat stat = ProcStatParser.parse("stat", Fixtures.text(caseName, "stat"));
            assertThat(parse(caseName).name()).as(caseName).isEqualTo(stat.comm());
        }
    }

    @Test
    void shouldIgnoreUnknownLinesAndKeepNameLeadingBlank() throws Exception {
        String content = "Name:\t lead\n"
                + "Umask:\t0022\n"
                + "State:\tI (idle)\n"
                + "FutureField:\twhatever: with colons\n"
                + "PPid:\t2\n"
                + "Uid:\t4294967294\t0\t0\t0\n"
                + "VmRSS:\t  12 kB\n"
                + "Threads:\t3\n";
        ProcStatus status = ProcStatusParser.parse("status", content);
        assertThat(status.name()).isEqualTo(" lead");
        assertThat(status.state()).isEqualTo("I");
        assertThat(status.uid()).isEqualTo(4294967294L);
        assertThat(status.vmRssKb()).isEqualTo(12L);
        assertThat(status.vmPeakKb()).isNull();
    }

    @Test
    void shouldUnescapeOnlyNewlineAndBackslash() {
        assertThat(ProcStatusParser.unescapeName("a\\nb\\\\c\\td\\")).isEqualTo("a\nb\\c\\td\\");
    }

    private static final String VALID = "Name:\tx\nState:\tS (sleeping)\nPPid:\t1\nUid:\t0\t0\t0\t0\n"
            + "VmRSS:\t  12 kB\nThreads:\t1\n";

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("empty", ""),
                Arguments.of("no trailing newline", VALID.substring(0, VALID.length() - 1)),
                Arguments.of("truncated mid-line", VALID.substring(0, VALID.indexOf("VmRSS") + 8)),
                Arguments.of("line without colon", VALID + "garbage\n"),
                Arguments.of("empty line", VALID + "\n"),
                Arguments.of("no Name", VALID.replace("Name:\tx\n", "")),
                Arguments.of("no State", VALID.replace("State:\tS (sleeping)\n", "")),
                Arguments.of("no PPid", VALID.replace("PPid:\t1\n", "")),
                Arguments.of("no Uid", VALID.replace("Uid:\t0\t0\t0\t0\n", "")),
                Arguments.of("no Threads", VALID.replace("Threads:\t1\n", "")),
                Arguments.of("Name without tab", VALID.replace("Name:\tx", "Name:x")),
                Arguments.of("State a digit", VALID.replace("S (sleeping)", "5 (five)")),
                Arguments.of("State word", VALID.replace("S (sleeping)", "Sleeping")),
                Arguments.of("empty State", VALID.replace("S (sleeping)", "")),
                Arguments.of("PPid garbage", VALID.replace("PPid:\t1", "PPid:\tone")),
                Arguments.of("PPid negative", VALID.replace("PPid:\t1", "PPid:\t-1")),
                Arguments.of("Threads with suffix", VALID.replace("Threads:\t1", "Threads:\t1x")),
                Arguments.of("Uid beyond 32 bits", VALID.replace("Uid:\t0", "Uid:\t4294967296")),
                Arguments.of("VmRSS without unit", VALID.replace("12 kB", "12")),
                Arguments.of("VmRSS in MB", VALID.replace("12 kB", "12 MB")),
                Arguments.of("VmRSS huge", VALID.replace("12 kB", "99999999999999999999 kB")),
                Arguments.of("VmRSS beyond long", VALID.replace("12 kB", "9223372036854775808 kB")),
                Arguments.of("VmRSS empty", VALID.replace("  12 kB", "")),
                Arguments.of("VmRSS trailing text", VALID.replace("12 kB", "12 kB extra")),
                Arguments.of("binary garbage", "\u0000\u0007\ufffd\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void shouldRejectMalformedStatus(String description, String content) {
        assertThatThrownBy(() -> ProcStatusParser.parse("/proc/7/status", content))
                .isInstanceOf(ProcfsParseException.class)
                .hasMessageStartingWith("/proc/7/status");
    }

    @Test
    void shouldParseTheValidBaseOfTheMalformedCases() throws Exception {
        assertThat(ProcStatusParser.parse("status", VALID).vmRssKb()).isEqualTo(12L);
    }

    @Test
    void shouldNameLineAndFieldInMessage() {
        assertThatThrownBy(() -> ProcStatusParser.parse("/proc/7/status", VALID.replace("12 kB", "12 MB")))
                .hasMessageContaining("line 5")
                .hasMessageContaining("kB")
                .hasMessageContaining("VmRSS");
    }
}
