package io.memfleet.bench.exec;

import static org.assertj.core.api.Assertions.assertThat;

import io.memfleet.schema.AnomalyType;
import io.memfleet.schema.Severity;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The exec bench's aggregation and table, without real processes. */
class ExecReportTest {

    private static ExecReport.Got got(AnomalyType type, Severity severity, String rule) {
        return new ExecReport.Got(type, severity, rule);
    }

    private static ExecReport.Technique technique(String name, AnomalyType type, Severity severity,
            List<ExecReport.Got> firing) {
        return new ExecReport.Technique(name, type, severity, firing, null);
    }

    @Test
    void shouldCatchOnlyTheExpectedTypeAtTheExpectedSeverity() {
        assertThat(technique("a", AnomalyType.WX_MAPPING, Severity.HIGH,
                List.of(got(AnomalyType.WX_MAPPING, Severity.HIGH, "wx.anonymous"))).caught()).isTrue();
        assertThat(technique("b", AnomalyType.NEW_EXEC_MAPPING, Severity.LOW,
                List.of(got(AnomalyType.NEW_EXEC_MAPPING, Severity.HIGH, "new.suspicious-dir"))).caught()).isFalse();
        assertThat(technique("c", AnomalyType.FILELESS_EXEC, Severity.HIGH, List.of()).caught()).isFalse();
        assertThat(new ExecReport.Technique("d", AnomalyType.FILELESS_EXEC, Severity.HIGH,
                List.of(got(AnomalyType.FILELESS_EXEC, Severity.HIGH, "fileless.memfd")), "the program failed")
                .caught()).as("a failed run is not a catch").isFalse();
    }

    @Test
    void shouldComputeRecallOverTechniques() {
        ExecReport report = new ExecReport(List.of(
                technique("caught", AnomalyType.WX_MAPPING, Severity.HIGH,
                        List.of(got(AnomalyType.WX_MAPPING, Severity.HIGH, "wx.anonymous"))),
                technique("missed", AnomalyType.FILELESS_EXEC, Severity.HIGH, List.of())), null, List.of());

        assertThat(report.caught()).isEqualTo(1);
        assertThat(report.recall()).isEqualTo(0.5);
        assertThat(report.ran()).isTrue();
    }

    @Test
    void shouldPrintOneRowPerTechniqueAndTheTotals() {
        ExecReport report = new ExecReport(List.of(
                technique("mmap RWX", AnomalyType.WX_MAPPING, Severity.HIGH,
                        List.of(got(AnomalyType.WX_MAPPING, Severity.HIGH, "wx.anonymous"))),
                technique("dlopen, then delete the file", AnomalyType.FILELESS_EXEC, Severity.HIGH,
                        List.of(got(AnomalyType.FILELESS_EXEC, Severity.HIGH, "fileless.deleted"),
                                got(AnomalyType.FILELESS_EXEC, Severity.HIGH, "fileless.deleted"))),
                technique("memfd", AnomalyType.FILELESS_EXEC, Severity.HIGH, List.of())),
                new ExecReport.Jvm(17, 8.1, 52, 8, 3, List.of()), List.of());

        String table = report.table();
        List<String> lines = table.lines().toList();

        assertThat(lines.get(1)).startsWith("technique").contains("expected").contains("got").endsWith("caught");
        assertThat(lines.get(2)).matches("-+");
        assertThat(lines.get(3)).startsWith("mmap RWX ").contains("WX_MAPPING HIGH (wx.anonymous)").endsWith("yes");
        assertThat(lines.get(4)).contains("FILELESS_EXEC HIGH (fileless.deleted) x2").endsWith("yes");
        assertThat(lines.get(5)).contains("nothing").endsWith("no");
        // columns line up: "caught" starts where every yes/no starts
        int column = lines.get(1).indexOf("caught");
        assertThat(lines.subList(3, 6)).allSatisfy(l -> assertThat(l.substring(column)).isIn("yes", "no"));
        assertThat(table).contains("recall: 2/3 techniques caught (0.667)");
        assertThat(table).contains("JVM under JIT load (java Hot.java, 17 samples over 8 s; 52 mapping changes, "
                + "8 of them executable, 3 rwxp regions): 0 findings after learning");
    }

    @Test
    void shouldPrintOneLineWhenNothingRan() {
        ExecReport report = ExecReport.skipped("skipped: no C compiler (cc or gcc) on PATH");

        assertThat(report.ran()).isFalse();
        assertThat(report.table()).isEqualTo("skipped: no C compiler (cc or gcc) on PATH\n");
    }
}
