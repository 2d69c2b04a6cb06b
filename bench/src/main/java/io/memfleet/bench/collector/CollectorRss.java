package io.memfleet.bench.collector;

import io.memfleet.schema.codec.WireFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The collector's resident memory, steady: a real collector JVM, started the way the service is
 * ({@code java @collector-jvm.options -cp memfleet-collector.jar io.memfleet.collector.CollectorMain}),
 * publishing to the bench's broker every {@code interval}; VmRSS and VmHWM are read from its
 * {@code /proc/<pid>/status} after a warm-up, together with the CPU it used.
 */
final class CollectorRss {

    static final String MAIN_CLASS = "io.memfleet.collector.CollectorMain";

    /** Memory in kB; CPU in nanoseconds of the child (user + system, all threads) over the window. */
    record Result(long rssKbAtEnd, long rssKbMaxInWindow, long hwmKb, long cpuNanosInWindow, double passesInWindow,
                  List<String> jvmFlags, Map<String, String> environment) {
    }

    private CollectorRss() {
    }

    static List<String> command(Path java, Path jvmOptions, Path collectorJar, String bootstrapServers,
                                Duration interval, WireFormat format) {
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.add("@" + jvmOptions);
        command.add("-cp");
        command.add(collectorJar.toString());
        command.add(MAIN_CLASS);
        command.add("--bootstrap-servers");
        command.add(bootstrapServers);
        command.add("--interval");
        command.add(interval.toMillis() + "ms");
        command.add("--host-id");
        command.add("memfleet-bench-rss");
        command.add("--format");
        command.add(format.name().toLowerCase(Locale.ROOT));
        return command;
    }

    /**
     * @param environment set for the child as the launchers and the unit set it (e.g. MALLOC_ARENA_MAX),
     *                    since it changes the RSS
     */
    static Result measure(Path java, Path jvmOptions, Path collectorJar, String bootstrapServers, Duration interval,
                          WireFormat format, Duration warmUp, Duration window, Path logFile,
                          Map<String, String> environment)
            throws IOException, InterruptedException {
        if (!Files.isRegularFile(jvmOptions)) {
            throw new IllegalStateException("JVM options file " + jvmOptions + " not found (--jvm-options)");
        }
        if (!Files.isRegularFile(collectorJar)) {
            throw new IllegalStateException("collector jar " + collectorJar + " not found: build it with "
                    + "'mvn -B package -DskipTests' or pass --collector-jar");
        }
        ProcessBuilder builder = new ProcessBuilder(command(java, jvmOptions, collectorJar, bootstrapServers, interval,
                format))
                .redirectErrorStream(true)
                .redirectOutput(logFile.toFile());
        builder.environment().putAll(environment);
        Process child = builder.start();
        Thread killer = new Thread(child::destroyForcibly, "memfleet-bench-kill-collector");
        Runtime.getRuntime().addShutdownHook(killer);
        try {
            Path status = Path.of("/proc", Long.toString(child.pid()), "status");
            Path stat = Path.of("/proc", Long.toString(child.pid()), "stat");
            sleepWhileAlive(child, warmUp, logFile);
            long cpu0 = cpuNanos(stat);
            long t0 = System.nanoTime();
            long maxRss = 0;
            long rss = 0;
            long deadline = t0 + window.toNanos();
            while (System.nanoTime() < deadline) {
                sleepWhileAlive(child, Duration.ofMillis(250), logFile);
                rss = statusKb(Files.readString(status), "VmRSS");
                maxRss = Math.max(maxRss, rss);
            }
            long cpu = cpuNanos(stat) - cpu0;
            double passes = (System.nanoTime() - t0) / (double) interval.toNanos();
            long hwm = statusKb(Files.readString(status), "VmHWM");
            return new Result(rss, maxRss, hwm, cpu, passes, flags(jvmOptions), environment);
        } finally {
            child.destroy(); // SIGTERM: the collector flushes and closes, as under systemd
            if (!child.waitFor(30, TimeUnit.SECONDS)) {
                child.destroyForcibly();
            }
            try {
                Runtime.getRuntime().removeShutdownHook(killer);
            } catch (IllegalStateException e) {
                // shutting down already; the hook kills it
            }
        }
    }

    private static void sleepWhileAlive(Process child, Duration duration, Path logFile)
            throws InterruptedException, IOException {
        if (child.waitFor(duration.toMillis(), TimeUnit.MILLISECONDS)) {
            List<String> log = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            String last = log.isEmpty() ? "no output" : String.join(" | ",
                    log.subList(Math.max(0, log.size() - 3), log.size()));
            throw new IllegalStateException("the collector JVM exited " + child.exitValue() + ": " + last
                    + " (full log: " + logFile + ")");
        }
    }

    /**
     * The environment an options file declares ({@code -Dmemfleet.collector.environment=NAME=VALUE,...},
     * which the launchers export and the unit and image set), in order; none if it declares none.
     */
    static Map<String, String> declaredEnvironment(Path jvmOptions) throws IOException {
        Map<String, String> environment = new LinkedHashMap<>();
        String prefix = "-Dmemfleet.collector.environment=";
        for (String line : Files.readAllLines(jvmOptions, StandardCharsets.UTF_8)) {
            String bare = line.strip();
            if (bare.startsWith(prefix)) {
                environment.clear(); // the last line wins, as for the JVM
                for (String assignment : bare.substring(prefix.length()).split(",")) {
                    int eq = assignment.indexOf('=');
                    if (eq > 0) {
                        environment.put(assignment.substring(0, eq).strip(), assignment.substring(eq + 1).strip());
                    }
                }
            }
        }
        return environment;
    }

    /** The non-comment flags of an @argfile, for the report. */
    static List<String> flags(Path jvmOptions) throws IOException {
        List<String> flags = new ArrayList<>();
        for (String line : Files.readAllLines(jvmOptions, StandardCharsets.UTF_8)) {
            String bare = line.strip();
            if (!bare.isEmpty() && !bare.startsWith("#")) {
                flags.add(bare.split("\\s+#", 2)[0].strip());
            }
        }
        return flags;
    }

    /** A {@code Key:   1234 kB} line of a status file. */
    static long statusKb(String status, String key) {
        for (String line : status.split("\n")) {
            if (line.startsWith(key + ":")) {
                return Long.parseLong(line.substring(key.length() + 1).replace("kB", "").strip());
            }
        }
        throw new IllegalStateException("no " + key + " line in a status file");
    }

    /** utime + stime of a process, from its stat (fields 14 and 15, after the last ')'). */
    static long cpuNanos(Path stat) throws IOException {
        String text = Files.readString(stat);
        String[] fields = text.substring(text.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        return ticks * (1_000_000_000L / CLOCK_TICKS);
    }

    /** USER_HZ: 100 on every Linux architecture the JDK runs on. */
    private static final long CLOCK_TICKS = 100;
}
