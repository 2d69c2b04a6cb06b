package io.memfleet.aggregator.detect.exec;

import static io.memfleet.aggregator.detect.exec.ExecFixtures.MINUTE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.memfleet.aggregator.detect.Finding;
import io.memfleet.aggregator.detect.Observation;
import io.memfleet.collector.procfs.ProcessSnapshot;
import io.memfleet.collector.procfs.ProcfsReader;
import io.memfleet.schema.AnomalyStatus;
import io.memfleet.schema.AnomalyType;
import io.memfleet.schema.Mapping;
import io.memfleet.schema.Severity;
import io.memfleet.testkit.RequiredBinary;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The detector on real processes: small C programs compiled now that use each technique, and a
 * JVM under JIT load. Their real {@code /proc/<pid>/maps} is read with the collector's
 * {@link ProcfsReader} before and after each technique; the first list is observed as the
 * process's first, already past its learning period (so it is the baseline), the next ones as
 * changes after it.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ExecMappingRealProcessTest {

    private static final ProcfsReader PROC = new ProcfsReader();
    private static final Map<String, String> RECALL = new LinkedHashMap<>();

    private static Path work;
    private static Path techniques;
    private static Path normalLibrary;
    private static Path tmpDir;
    private static Path tmpLibrary;

    private final ExecMappingDetector detector = new ExecMappingDetector();

    @BeforeAll
    static void compile() throws Exception {
        String cc = RequiredBinary.cCompiler();
        assumeTrue(Files.isReadable(Path.of("/proc/self/maps")), "no /proc: real-process tests skipped");
        work = Files.createDirectories(Path.of("target", "detect-exec").toAbsolutePath());
        Path source = resource("techniques.c", work);
        Path tinySource = resource("tiny.c", work);
        techniques = work.resolve("techniques");
        normalLibrary = work.resolve("libtiny.so");
        run(cc, "-O2", "-Wall", "-o", techniques.toString(), source.toString(), "-ldl");
        run(cc, "-O2", "-shared", "-fPIC", "-o", normalLibrary.toString(), tinySource.toString());
        tmpDir = Files.createTempDirectory(Path.of("/tmp"), "memfleet-exec-");
        tmpLibrary = Files.copy(normalLibrary, tmpDir.resolve("libtiny.so"));
    }

    @AfterAll
    static void report() throws IOException {
        if (!RECALL.isEmpty()) {
            StringBuilder table = new StringBuilder("\nExecMappingDetector on real processes:\n");
            RECALL.forEach((technique, result) -> table.append(String.format("  %-44s %s%n", technique, result)));
            System.out.print(table);
        }
        if (tmpDir != null) {
            try (var files = Files.list(tmpDir)) {
                for (Path file : files.toList()) {
                    Files.deleteIfExists(file);
                }
            }
            Files.deleteIfExists(tmpDir);
        }
    }

    @Test
    void shouldReportALibraryLoadedLateFromTmpAsHigh() throws Exception {
        List<Finding> findings = technique("dlopen from /tmp", "dlopen", tmpLibrary.toString());

        Finding finding = single(findings, AnomalyType.NEW_EXEC_MAPPING);
        assertThat(finding.severity()).isEqualTo(Severity.HIGH);
        assertThat(finding.evidence().get("rule")).startsWith("new.suspicious-dir");
        assertThat(finding.evidence().get("mapping")).endsWith(" " + tmpLibrary);
    }

    @Test
    void shouldReportALibraryLoadedLateFromAnOrdinaryDirectory() throws Exception {
        List<Finding> findings = technique("dlopen from " + normalLibrary.getParent(), "dlopen",
                normalLibrary.toString());

        Finding finding = single(findings, AnomalyType.NEW_EXEC_MAPPING);
        // Low, unless the build itself lives under /tmp or a hidden directory (CI checkouts do).
        Severity expected = suspicious(normalLibrary.toString()) ? Severity.HIGH : Severity.LOW;
        assertThat(finding.severity()).isEqualTo(expected);
    }

    @Test
    void shouldReportAnonymousMemoryMadeExecutable() throws Exception {
        List<Finding> findings = technique("mmap RW, then mprotect RX", "mprotect", null);

        Finding finding = single(findings, AnomalyType.NEW_EXEC_MAPPING);
        assertThat(finding.severity()).isEqualTo(Severity.HIGH);
        assertThat(finding.evidence().get("rule")).startsWith("new.anonymous");
        assertThat(finding.evidence().get("mapping")).matches("[0-9a-f]+-[0-9a-f]+ r-xp 00000000 00:00 0 ");
    }

    @Test
    void shouldReportAnonymousRwxEvenWhenFirstSeenWithIt() throws Exception {
        List<Finding> findings = technique("mmap RWX", "rwx", null);

        Finding finding = single(findings, AnomalyType.WX_MAPPING);
        assertThat(finding.severity()).isEqualTo(Severity.HIGH);
        assertThat(finding.evidence().get("rule")).startsWith("wx.anonymous");
    }

    @Test
    void shouldReportCodeMappedFromAMemfd() throws Exception {
        List<Finding> findings = technique("memfd_create + write + mmap PROT_EXEC", "memfd", null);

        Finding finding = single(findings, AnomalyType.FILELESS_EXEC);
        assertThat(finding.severity()).isEqualTo(Severity.HIGH);
        assertThat(finding.evidence().get("mapping")).endsWith(" /memfd:payload (deleted)");
        assertThat(finding.summary()).contains("is executing code from a memfd (/memfd:payload (deleted))");
    }

    @Test
    void shouldReportALibraryLoadedFromAMemfd() throws Exception {
        List<Finding> findings = technique("library copied to a memfd, dlopen /proc/self/fd/N", "memfd-dlopen",
                normalLibrary.toString());

        assertThat(findings).isNotEmpty();
        assertThat(findings).extracting(Finding::type).containsOnly(AnomalyType.FILELESS_EXEC);
        assertThat(findings).allSatisfy(f -> assertThat(f.evidence().get("mapping")).endsWith("/memfd:payload-so (deleted)"));
    }

    @Test
    void shouldReportALibraryDeletedAfterLoading() throws Exception {
        Path doomed = Files.copy(normalLibrary, work.resolve("libdoomed.so"), StandardCopyOption.REPLACE_EXISTING);

        List<Finding> findings = technique("dlopen, then delete the file", "deleted", doomed.toString());

        List<Finding> fileless = findings.stream()
                .filter(f -> f.type() == AnomalyType.FILELESS_EXEC && f.status() == AnomalyStatus.FIRING).toList();
        assertThat(fileless).isNotEmpty();
        // MEDIUM only if the build lives where package managers put files (/usr, /opt, ...).
        Severity expected = matchesAny(ExecMappingSettings.DEFAULT_REPLACED_PATHS, doomed.toString())
                ? Severity.MEDIUM : Severity.HIGH;
        assertThat(fileless).allSatisfy(f -> {
            assertThat(f.severity()).isEqualTo(expected);
            assertThat(f.evidence().get("mapping")).endsWith(" " + doomed + " (deleted)");
        });
    }

    @Test
    void shouldRaiseNothingOnABusyJvmAfterLearning() throws Exception {
        Path hot = resource("Hot.java", work);
        String java = ProcessHandle.current().info().command().orElse("java");
        Process jvm = new ProcessBuilder(java, "-Xmx64m", hot.toString(), "30")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(jvm.getInputStream(), StandardCharsets.UTF_8));
            assertThat(out.readLine()).isEqualTo("ready");
            Watch watch = new Watch(detector, (int) jvm.pid());
            List<Finding> findings = new ArrayList<>(watch.sample(true));
            int changes = 0;
            int execChanges = 0;
            int rwx = 0;
            for (int i = 0; i < 16; i++) {
                Thread.sleep(500);
                List<Finding> step = watch.sample(false);
                findings.addAll(step);
                changes += watch.lastChangeSize;
                execChanges += watch.lastExecChangeSize;
                rwx = Math.max(rwx, (int) watch.last.stream().filter(m -> m.perms().equals("rwxp")).count());
            }
            int stateBytes = io.memfleet.schema.codec.JsonCodec.newMapper().writeValueAsBytes(watch.state).length;
            RECALL.put("JVM under JIT load (java Hot.java, 17 samples)",
                    findings.isEmpty() ? "0 findings (" + changes + " mapping changes, " + execChanges
                            + " of them executable, " + rwx + " rwxp regions, "
                            + "state " + stateBytes + " bytes of JSON)" : findings.size() + " findings: " + findings);
            assertThat(rwx).as("HotSpot's code cache is rwxp here").isPositive();
            assertThat(watch.state.codeCache()).as("HotSpot's code cache reservation was learned").isNotEmpty();
            assertThat(changes).as("the JVM's mappings changed while it was watched").isPositive();
            assertThat(findings).isEmpty();
        } finally {
            jvm.destroy();
            jvm.waitFor(5, TimeUnit.SECONDS);
        }
    }

    // ---- one technique ---------------------------------------------------------------------------

    /**
     * Runs one technique: the first list (at "ready start") is the baseline; each later stage is a
     * new list. Also checks that state-based findings fire for a process first seen after the
     * technique, and that every episode is RESOLVED when the process exits.
     */
    private List<Finding> technique(String name, String mode, String library) throws Exception {
        List<String> command = new ArrayList<>(List.of(techniques.toString(), mode));
        if (library != null) {
            command.add(library);
        }
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        List<Finding> findings = new ArrayList<>();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            OutputStream in = process.getOutputStream();
            Watch watch = new Watch(detector, (int) process.pid());
            String line = out.readLine();
            assertThat(line).isEqualTo("ready start");
            assertThat(watch.sample(true)).as("baseline of %s", name).isEmpty();
            while (true) {
                in.write('\n');
                in.flush();
                line = out.readLine();
                assertThat(line).as("%s: the program failed (see its stderr)", name).isNotNull().startsWith("ready ");
                findings.addAll(watch.sample(false));
                if (line.equals("ready done")) {
                    break;
                }
            }
            List<Finding> firing = findings.stream().filter(f -> f.status() == AnomalyStatus.FIRING).toList();
            Finding last = firing.isEmpty() ? null : firing.get(firing.size() - 1);
            RECALL.put(name, last == null ? "MISSED"
                    : "detected: " + last.type() + " " + last.severity() + " (" + last.evidence().get("rule").split(":")[0] + ")");

            // A process first seen in this state: state-based rules fire at once.
            Watch late = new Watch(detector, (int) process.pid());
            List<Finding> firstSeen = late.sample(true);
            List<AnomalyType> stateTypes = firing.stream().map(Finding::type)
                    .filter(t -> t != AnomalyType.NEW_EXEC_MAPPING).distinct().toList();
            assertThat(firstSeen).extracting(Finding::type).as("%s first seen after the technique", name)
                    .containsAll(stateTypes).doesNotContain(AnomalyType.NEW_EXEC_MAPPING);

            in.close();
            assertThat(process.waitFor(5, TimeUnit.SECONDS)).isTrue();
            List<Finding> resolved = new ArrayList<>();
            detector.exited(watch.state, System.currentTimeMillis(), resolved);
            assertThat(resolved).extracting(Finding::status).containsOnly(AnomalyStatus.RESOLVED);
            assertThat(resolved).hasSize(watch.state.open().size());
            return findings;
        } finally {
            process.destroyForcibly();
        }
    }

    /** Samples one real process's maps and feeds them to the detector as the aggregator would. */
    private static final class Watch {
        private final ExecMappingDetector detector;
        private final int pid;
        private final long firstSeen = System.currentTimeMillis() - 11 * MINUTE;
        private ExecMappingState state;
        private List<Mapping> last;
        private int lastChangeSize;
        private int lastExecChangeSize;

        Watch(ExecMappingDetector detector, int pid) {
            this.detector = detector;
            this.pid = pid;
            this.state = detector.initial();
        }

        List<Finding> sample(boolean first) throws Exception {
            ProcessSnapshot snapshot = PROC.read(pid);
            List<Mapping> now = snapshot.mappings();
            long at = Math.max(System.currentTimeMillis(), firstSeen + 11 * MINUTE);
            var change = ExecFixtures.change(first ? List.of() : last, now);
            lastChangeSize = change.added().size() + change.removed().size();
            lastExecChangeSize = (int) java.util.stream.Stream.concat(change.added().stream(), change.removed().stream())
                    .filter(Mapping::executable).count();
            Observation observation = new Observation("host-a", "host-a", "boot", pid, snapshot.stat().startTime(),
                    snapshot.stat().comm(), at, firstSeen,
                    ExecFixtures.sample(pid, snapshot.stat().comm(), at, now), now, change, first, true, null, null);
            List<Finding> findings = new ArrayList<>();
            state = detector.observe(state, observation, findings);
            last = now;
            return findings;
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private static Finding single(List<Finding> findings, AnomalyType type) {
        List<Finding> firing = findings.stream().filter(f -> f.status() == AnomalyStatus.FIRING).toList();
        assertThat(firing).as("findings: %s", findings).hasSize(1);
        assertThat(firing.get(0).type()).isEqualTo(type);
        return firing.get(0);
    }

    private static boolean suspicious(String path) {
        return matchesAny(ExecMappingSettings.DEFAULT_SUSPICIOUS_DIRS, path);
    }

    private static boolean matchesAny(List<String> regexes, String path) {
        return regexes.stream().anyMatch(r -> Pattern.compile(r).matcher(path).find());
    }

    private static Path resource(String name, Path dir) throws IOException {
        try (InputStream in = ExecMappingRealProcessTest.class.getResourceAsStream("/detect/exec/programs/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource /detect/exec/programs/" + name);
            }
            Path target = dir.resolve(name);
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            return target;
        }
    }

    private static void run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new UncheckedIOException(new IOException(String.join(" ", command) + " failed:\n" + output));
        }
    }
}
