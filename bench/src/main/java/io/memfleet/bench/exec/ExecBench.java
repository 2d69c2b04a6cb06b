package io.memfleet.bench.exec;

import io.memfleet.aggregator.detect.Finding;
import io.memfleet.aggregator.detect.exec.ExecMappingDetector;
import io.memfleet.aggregator.detect.exec.ExecMappingSettings;
import io.memfleet.collector.procfs.ProcfsReader;
import io.memfleet.schema.AnomalyType;
import io.memfleet.schema.Severity;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The executable-mapping detector on real processes, as {@code ExecMappingRealProcessTest} runs it:
 * small C programs compiled now with {@code cc}, one technique each, stepped through their stages
 * while their {@code /proc/<pid>/maps} is read; then a JVM under JIT load, which must raise nothing
 * after learning. Every process is observed as already past its learning period from its first
 * list, which is the baseline.
 */
public final class ExecBench {

    /** The technique programs: one copy, the aggregator's ExecMappingRealProcessTest's (bench/pom.xml packs them). */
    private static final String RESOURCES = "/detect/exec/programs/";

    private final ProcfsReader proc = new ProcfsReader();
    private final ExecMappingDetector detector = new ExecMappingDetector();
    private final List<String> notes = new ArrayList<>();
    private Path techniques;

    private ExecBench() {
    }

    /** Runs every scenario; never throws for a missing compiler, JDK or /proc: the report says what was skipped. */
    public static ExecReport run() {
        if (!Files.isReadable(Path.of("/proc/self/maps"))) {
            return ExecReport.skipped("skipped: no /proc/self/maps (executable-mapping scenarios need Linux)");
        }
        String cc = compiler();
        if (cc == null) {
            return ExecReport.skipped("skipped: no C compiler (cc or gcc) on PATH, executable-mapping scenarios not run");
        }
        return new ExecBench().runAll(cc);
    }

    private ExecReport runAll(String cc) {
        Path work = null;
        Path tmpDir = null;
        try {
            work = workDirectory();
            tmpDir = Files.createTempDirectory(Path.of("/tmp"), "memfleet-exec-");
            Path source = resource("techniques.c", work);
            Path tinySource = resource("tiny.c", work);
            techniques = work.resolve("techniques");
            Path normalLibrary = work.resolve("libtiny.so");
            compile(cc, "-O2", "-Wall", "-o", techniques.toString(), source.toString(), "-ldl");
            compile(cc, "-O2", "-shared", "-fPIC", "-o", normalLibrary.toString(), tinySource.toString());
            Path tmpLibrary = Files.copy(normalLibrary, tmpDir.resolve("libtiny.so"));
            Path doomed = Files.copy(normalLibrary, work.resolve("libdoomed.so"), StandardCopyOption.REPLACE_EXISTING);

            List<ExecReport.Technique> rows = new ArrayList<>();
            rows.add(technique("dlopen from /tmp", "dlopen", tmpLibrary.toString(),
                    AnomalyType.NEW_EXEC_MAPPING, Severity.HIGH));
            rows.add(technique("dlopen from an ordinary directory", "dlopen", normalLibrary.toString(),
                    AnomalyType.NEW_EXEC_MAPPING,
                    matchesAny(ExecMappingSettings.DEFAULT_SUSPICIOUS_DIRS, normalLibrary.toString())
                            ? Severity.HIGH : Severity.LOW));
            rows.add(technique("mmap RW, then mprotect RX", "mprotect", null,
                    AnomalyType.NEW_EXEC_MAPPING, Severity.HIGH));
            rows.add(technique("mmap RWX", "rwx", null, AnomalyType.WX_MAPPING, Severity.HIGH));
            rows.add(technique("memfd_create + write + mmap PROT_EXEC", "memfd", null,
                    AnomalyType.FILELESS_EXEC, Severity.HIGH));
            rows.add(technique("library in a memfd, dlopen /proc/self/fd/N", "memfd-dlopen",
                    normalLibrary.toString(), AnomalyType.FILELESS_EXEC, Severity.HIGH));
            rows.add(technique("dlopen, then delete the file", "deleted", doomed.toString(),
                    AnomalyType.FILELESS_EXEC,
                    matchesAny(ExecMappingSettings.DEFAULT_REPLACED_PATHS, doomed.toString())
                            ? Severity.MEDIUM : Severity.HIGH));
            ExecReport.Jvm jvm = jvm(work);
            if (matchesAny(ExecMappingSettings.DEFAULT_SUSPICIOUS_DIRS, normalLibrary.toString())) {
                notes.add("note: the work directory " + work + " is under a suspicious directory, so the "
                        + "'ordinary directory' library is expected HIGH");
            }
            return new ExecReport(rows, jvm, notes);
        } catch (Exception e) {
            return ExecReport.skipped("skipped: executable-mapping scenarios could not be prepared: " + e.getMessage());
        } finally {
            deleteQuietly(tmpDir);
            deleteQuietly(work);
        }
    }

    /**
     * Runs one technique: the program prints "ready STAGE" and waits for a line before each stage; the
     * list read at "ready start" is the baseline, each later stage a new list.
     */
    private ExecReport.Technique technique(String name, String mode, String library, AnomalyType type,
            Severity severity) {
        List<String> command = new ArrayList<>(List.of(techniques.toString(), mode));
        if (library != null) {
            command.add(library);
        }
        List<Finding> findings = new ArrayList<>();
        Process process = null;
        try {
            process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            OutputStream in = process.getOutputStream();
            ProcessWatch watch = new ProcessWatch(proc, detector, (int) process.pid());
            String line = out.readLine();
            if (!"ready start".equals(line)) {
                return failed(name, type, severity, "the program did not start (" + line + ")");
            }
            findings.addAll(watch.sample());
            while (true) {
                in.write('\n');
                in.flush();
                line = out.readLine();
                if (line == null || !line.startsWith("ready ")) {
                    return failed(name, type, severity, "the program failed (exit " + exitCode(process) + ")");
                }
                findings.addAll(watch.sample());
                if (line.equals("ready done")) {
                    break;
                }
            }
            in.close();
            process.waitFor(5, TimeUnit.SECONDS);
            return new ExecReport.Technique(name, type, severity, ExecReport.Got.firing(findings), null);
        } catch (Exception e) {
            return failed(name, type, severity, e.getClass().getSimpleName() + ": " + e.getMessage());
        } finally {
            if (process != null) {
                process.destroyForcibly();
            }
        }
    }

    private static ExecReport.Technique failed(String name, AnomalyType type, Severity severity, String error) {
        return new ExecReport.Technique(name, type, severity, List.of(), error);
    }

    /** A JVM under JIT load, sampled 17 times over 8 s: there should be no finding after learning. */
    private ExecReport.Jvm jvm(Path work) {
        Process jvm = null;
        try {
            Path hot = resource("Hot.java", work);
            String java = ProcessHandle.current().info().command().orElse("java");
            jvm = new ProcessBuilder(java, "-Xmx64m", hot.toString(), "30")
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(jvm.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            if (!"ready".equals(line)) {
                notes.add("skipped the JVM scenario: " + java + " could not run Hot.java (a JDK is needed to run "
                        + "a source file)");
                return null;
            }
            long started = System.nanoTime();
            ProcessWatch watch = new ProcessWatch(proc, detector, (int) jvm.pid());
            List<Finding> findings = new ArrayList<>(watch.sample());
            int changes = 0;
            int execChanges = 0;
            int rwx = 0;
            int samples = 1;
            for (int i = 0; i < 16; i++) {
                Thread.sleep(500);
                findings.addAll(watch.sample());
                samples++;
                changes += watch.lastChangeSize();
                execChanges += watch.lastExecChangeSize();
                rwx = Math.max(rwx, (int) watch.last().stream().filter(m -> m.perms().equals("rwxp")).count());
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            return new ExecReport.Jvm(samples, seconds, changes, execChanges, rwx, ExecReport.Got.firing(findings));
        } catch (Exception e) {
            notes.add("skipped the JVM scenario: " + e.getClass().getSimpleName() + ": " + e.getMessage());
            return null;
        } finally {
            if (jvm != null) {
                jvm.destroy();
                try {
                    jvm.waitFor(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                jvm.destroyForcibly();
            }
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------

    /**
     * Where the programs and the "ordinary" library go: a fresh directory under the working directory
     * when it is writable (so the library is not under /tmp, which would make it suspicious), else
     * under the system temporary directory.
     */
    private static Path workDirectory() throws IOException {
        Path cwd = Path.of("").toAbsolutePath();
        if (Files.isWritable(cwd)) {
            try {
                return Files.createTempDirectory(cwd, "memfleet-bench-exec-");
            } catch (IOException e) {
                // fall through
            }
        }
        return Files.createTempDirectory("memfleet-bench-exec-");
    }

    static boolean matchesAny(List<String> regexes, String path) {
        return regexes.stream().anyMatch(r -> Pattern.compile(r).matcher(path).find());
    }

    private static String compiler() {
        for (String name : List.of("cc", "gcc")) {
            for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
                if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
                    return Path.of(dir, name).toString();
                }
            }
        }
        return null;
    }

    private static Path resource(String name, Path dir) throws IOException {
        try (InputStream in = ExecBench.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                throw new IOException("missing resource " + RESOURCES + name);
            }
            Path target = dir.resolve(name);
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            return target;
        }
    }

    private static void compile(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IOException(String.join(" ", command) + " failed: " + output.strip());
        }
    }

    private static String exitCode(Process process) {
        try {
            return process.waitFor(2, TimeUnit.SECONDS) ? String.valueOf(process.exitValue()) : "still running";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "?";
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            // best effort: a temporary directory
        }
    }
}
