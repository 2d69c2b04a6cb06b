package io.memfleet.collector.procfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ProcStatParserTest {

    private static ProcStat parse(String caseName) throws ProcfsParseException {
        return ProcStatParser.parse(caseName + "/stat", Fixtures.text(caseName, "stat"));
    }

    @Test
    void shouldParseKernelThread() throws Exception {
        assertThat(parse(Fixtures.KTHREADD)).isEqualTo(new ProcStat(2, "kthreadd", "S", 0, 1, 23L));
    }

    @Test
    void shouldParseJvm() throws Exception {
        assertThat(parse(Fixtures.JVM)).isEqualTo(new ProcStat(3828, "java", "S", 1, 19, 27707L));
    }

    @Test
    void shouldSplitCommAtLastParenthesis() throws Exception {
        assertThat(parse(Fixtures.C_PROGRAM)).isEqualTo(new ProcStat(3654, "mf) odd (name", "S", 1, 1, 26692L));
    }

    @Test
    void shouldKeepNewlineTabAndBackslashInCommRaw() throws Exception {
        assertThat(parse(Fixtures.SHELL)).isEqualTo(new ProcStat(3779, "esc\\a)\nb\tc d", "S", 3770, 1, 27345L));
    }

    @Test
    void shouldAcceptEmptyCommAndStopReadingAfterField22() throws Exception {
        String line = "7 () Z 1 " + "0 ".repeat(15) + "4 0 99\n";
        assertThat(ProcStatParser.parse("stat", line)).isEqualTo(new ProcStat(7, "", "Z", 1, 4, 99L));
    }

    @Test
    void shouldAcceptStartTimeNearLongMax() throws Exception {
        String line = "7 (x) R 1 " + "0 ".repeat(15) + "4 0 9223372036854775807 0\n";
        assertThat(ProcStatParser.parse("stat", line).startTime()).isEqualTo(Long.MAX_VALUE);
    }

    static Stream<Arguments> malformed() {
        String fields = " S 1 " + "0 ".repeat(15) + "4 0 99 0\n";
        return Stream.of(
                Arguments.of("empty", ""),
                Arguments.of("no trailing newline", "7 (x)" + fields.trim()),
                Arguments.of("no parentheses", "7 x S 1 0\n"),
                Arguments.of("closing before opening", "7 )x( S\n"),
                Arguments.of("no pid", "(x)" + fields),
                Arguments.of("non-numeric pid", "7a (x)" + fields),
                Arguments.of("two spaces after pid", "7  (x)" + fields),
                Arguments.of("truncated after comm", "7 (x)\n"),
                Arguments.of("truncated before starttime", "7 (x) S 1 " + "0 ".repeat(15) + "4 0\n"),
                Arguments.of("state two letters", "7 (x) SS 1 " + "0 ".repeat(15) + "4 0 99\n"),
                Arguments.of("state a digit", "7 (x) 5 1 " + "0 ".repeat(15) + "4 0 99\n"),
                Arguments.of("negative ppid", "7 (x) S -1 " + "0 ".repeat(15) + "4 0 99\n"),
                Arguments.of("ppid beyond int", "7 (x) S 2147483648 " + "0 ".repeat(15) + "4 0 99\n"),
                Arguments.of("num_threads garbage", "7 (x) S 1 " + "0 ".repeat(15) + "4x 0 99\n"),
                Arguments.of("starttime beyond long", "7 (x) S 1 " + "0 ".repeat(15) + "4 0 9223372036854775808\n"),
                Arguments.of("starttime beyond u64", "7 (x) S 1 " + "0 ".repeat(15) + "4 0 99999999999999999999\n"),
                Arguments.of("starttime with suffix", "7 (x) S 1 " + "0 ".repeat(15) + "4 0 99x\n"),
                Arguments.of("double space between fields", "7 (x) S  1 " + "0 ".repeat(15) + "4 0 99\n"),
                Arguments.of("huge pid", "99999999999999999999999 (x)" + fields),
                Arguments.of("binary garbage", "\u0000\u0001\u00ff\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void shouldRejectMalformedStat(String description, String content) {
        assertThatThrownBy(() -> ProcStatParser.parse("/proc/7/stat", content))
                .isInstanceOf(ProcfsParseException.class)
                .hasMessageStartingWith("/proc/7/stat")
                .satisfies(e -> assertThat(((ProcfsException) e).reason()).isEqualTo(ProcfsException.Reason.MALFORMED));
    }

    @Test
    void shouldNameFieldInMessage() {
        assertThatThrownBy(() -> ProcStatParser.parse("/proc/7/stat", "7 (x) S 1 " + "0 ".repeat(15) + "4x 0 99\n"))
                .hasMessageContaining("line 1")
                .hasMessageContaining("field 20");
    }
}
