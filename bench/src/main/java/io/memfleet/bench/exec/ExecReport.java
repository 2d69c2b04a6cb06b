package io.memfleet.bench.exec;

import io.memfleet.aggregator.detect.Finding;
import io.memfleet.schema.AnomalyStatus;
import io.memfleet.schema.AnomalyType;
import io.memfleet.schema.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What {@link ExecBench} measured: per technique, what was expected and what the detector raised;
 * and the JVM-under-JIT-load negative. Or why it could not run.
 *
 * @param techniques one row per technique, in the order they ran
 * @param jvm        the JIT negative, or null when it could not run
 * @param notes      one line each for what was skipped (no compiler, no /proc, no JDK, ...)
 */
public record ExecReport(List<Technique> techniques, Jvm jvm, List<String> notes) {

    public ExecReport {
        techniques = List.copyOf(techniques);
        notes = List.copyOf(notes);
    }

    /** Nothing ran: the reason, one line. */
    public static ExecReport skipped(String reason) {
        return new ExecReport(List.of(), null, List.of(reason));
    }

    /**
     * One technique on one real process.
     *
     * @param name     what the program did
     * @param expected the type and severity it should raise
     * @param firing   every FIRING finding the detector raised for it
     * @param error    why the run failed (the program died, /proc unreadable), or null
     */
    public record Technique(String name, AnomalyType expectedType, Severity expectedSeverity, List<Got> firing,
            String error) {

        public Technique {
            Objects.requireNonNull(name, "name");
            firing = List.copyOf(firing);
        }

        /** Caught: the run worked and raised the expected type at the expected severity. */
        public boolean caught() {
            return error == null && firing.stream()
                    .anyMatch(g -> g.type() == expectedType && g.severity() == expectedSeverity);
        }

        String expected() {
            return expectedType + " " + expectedSeverity;
        }

        /** The distinct type/severity/rule raised, in order; "nothing" or the error otherwise. */
        String got() {
            if (error != null) {
                return "error: " + error;
            }
            if (firing.isEmpty()) {
                return "nothing";
            }
            List<String> distinct = new ArrayList<>();
            for (Got g : firing) {
                String text = g.type() + " " + g.severity() + " (" + g.rule() + ")";
                if (!distinct.contains(text)) {
                    distinct.add(text);
                }
            }
            return distinct.size() == 1 && firing.size() > 1 ? distinct.get(0) + " x" + firing.size() : String.join(", ", distinct);
        }
    }

    /** One FIRING finding, reduced to what the table shows. */
    public record Got(AnomalyType type, Severity severity, String rule) {

        static List<Got> firing(List<Finding> findings) {
            return findings.stream().filter(f -> f.status() == AnomalyStatus.FIRING)
                    .map(f -> new Got(f.type(), f.severity(), rule(f))).toList();
        }

        private static String rule(Finding f) {
            Object rule = f.evidence() == null ? null : f.evidence().get("rule");
            return rule == null ? "?" : String.valueOf(rule).split(":")[0];
        }
    }

    /**
     * The JVM under JIT load.
     *
     * @param samples     lists read (the first is the baseline)
     * @param seconds     how long it was watched
     * @param changes     mappings added or removed over the watch
     * @param execChanges … of them executable
     * @param rwx         most {@code rwxp} regions seen at once (HotSpot's code cache)
     * @param firing      FIRING findings after learning (should be none)
     */
    public record Jvm(int samples, double seconds, int changes, int execChanges, int rwx, List<Got> firing) {

        public Jvm {
            firing = List.copyOf(firing);
        }
    }

    /** False when nothing ran (no compiler, no /proc): the notes say why. */
    public boolean ran() {
        return !techniques.isEmpty() || jvm != null;
    }

    public int caught() {
        return (int) techniques.stream().filter(Technique::caught).count();
    }

    public double recall() {
        return techniques.isEmpty() ? Double.NaN : (double) caught() / techniques.size();
    }

    /** The table {@code memfleet bench detect} prints, with its totals lines. */
    public String table() {
        StringBuilder out = new StringBuilder();
        if (!ran()) {
            notes.forEach(note -> out.append(note).append('\n'));
            return out.toString();
        }
        out.append("Executable mappings on real processes (ExecMappingDetector, /proc/<pid>/maps):\n");
        if (!techniques.isEmpty()) {
            String[] header = {"technique", "expected", "got", "caught"};
            List<String[]> rows = new ArrayList<>();
            rows.add(header);
            for (Technique t : techniques) {
                rows.add(new String[] {t.name(), t.expected(), t.got(), t.caught() ? "yes" : "no"});
            }
            int[] width = new int[header.length];
            for (String[] row : rows) {
                for (int c = 0; c < row.length; c++) {
                    width[c] = Math.max(width[c], row[c].length());
                }
            }
            for (int r = 0; r < rows.size(); r++) {
                StringBuilder line = new StringBuilder();
                for (int c = 0; c < header.length; c++) {
                    line.append(c == 0 ? "" : "  ").append(rows.get(r)[c])
                            .append(" ".repeat(width[c] - rows.get(r)[c].length()));
                }
                out.append(line.toString().stripTrailing()).append('\n');
                if (r == 0) {
                    int total = 0;
                    for (int w : width) {
                        total += w;
                    }
                    out.append("-".repeat(total + 2 * (width.length - 1))).append('\n');
                }
            }
            out.append(String.format(Locale.ROOT, "recall: %d/%d techniques caught (%.3f)%n", caught(),
                    techniques.size(), recall()));
        }
        if (jvm != null) {
            out.append(String.format(Locale.ROOT,
                    "JVM under JIT load (java Hot.java, %d samples over %.0f s; %d mapping changes, %d of them "
                            + "executable, %d rwxp regions): %d findings after learning%s%n",
                    jvm.samples(), jvm.seconds(), jvm.changes(), jvm.execChanges(), jvm.rwx(), jvm.firing().size(),
                    jvm.firing().isEmpty() ? "" : " " + jvm.firing()));
        }
        for (String note : notes) {
            out.append(note).append('\n');
        }
        return out.toString();
    }
}
