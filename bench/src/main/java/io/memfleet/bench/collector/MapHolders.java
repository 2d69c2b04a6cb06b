package io.memfleet.bench.collector;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * N child processes holding M mappings each: the load the collector bench reads. The holder is a
 * tiny C program shipped as a resource and compiled with the first C compiler on the PATH.
 *
 * <p>Children are killed by {@link #close()}, by a shutdown hook (Ctrl-C, an exception that ends
 * the JVM), and, should the JVM be killed outright, by the kernel: the holder asks for SIGKILL when
 * its parent dies.
 */
final class MapHolders implements AutoCloseable {

    static final String SOURCE_RESOURCE = "/bench/map-holder.c";
    static final List<String> COMPILERS = List.of("cc", "gcc", "clang");

    private final Path workDir;
    private final List<Process> children = new ArrayList<>();
    private final Thread shutdownHook = new Thread(this::close, "memfleet-bench-kill-holders");
    private boolean closed;

    private MapHolders(Path workDir) {
        this.workDir = workDir;
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Compiles the holder and starts {@code processes} of it, each ready (mappings in place) on return. */
    static MapHolders start(int processes, int mappings) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("memfleet-bench-");
        MapHolders holders = new MapHolders(dir);
        try {
            Path binary = compile(dir);
            for (int i = 0; i < processes; i++) {
                holders.children.add(startOne(binary, mappings));
            }
            return holders;
        } catch (IOException | InterruptedException | RuntimeException e) {
            holders.close();
            throw e;
        }
    }

    /** The C source of the holder, as shipped in the jar. */
    static String source() {
        try (InputStream in = MapHolders.class.getResourceAsStream(SOURCE_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + SOURCE_RESOURCE + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first of cc, gcc, clang found on the PATH, or null. */
    static Path findCompiler(String pathVariable) {
        if (pathVariable == null) {
            return null;
        }
        for (String name : COMPILERS) {
            for (String entry : pathVariable.split(java.io.File.pathSeparator)) {
                if (entry.isEmpty()) {
                    continue;
                }
                Path candidate = Path.of(entry, name);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
        }
        return null;
    }

    private static Path compile(Path dir) throws IOException, InterruptedException {
        Path compiler = findCompiler(System.getenv("PATH"));
        if (compiler == null) {
            throw new IllegalStateException("no C compiler (cc, gcc or clang) on the PATH: the bench compiles a small "
                    + "C program to hold mappings; install gcc (Debian: apt-get install gcc)");
        }
        Path source = dir.resolve("map-holder.c");
        Path binary = dir.resolve("map-holder");
        Files.writeString(source, source());
        Process cc = new ProcessBuilder(compiler.toString(), "-O2", "-o", binary.toString(), source.toString())
                .redirectErrorStream(true).start();
        String output = new String(cc.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (cc.waitFor() != 0) {
            throw new IllegalStateException(compiler + " could not compile " + source + ": "
                    + output.replace('\n', ' '));
        }
        return binary;
    }

    private static Process startOne(Path binary, int mappings) throws IOException {
        Process child = new ProcessBuilder(binary.toString(), Integer.toString(mappings))
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line = out.readLine();
            if (!"ready".equals(line)) {
                child.destroyForcibly();
                throw new IllegalStateException("map-holder " + mappings + " did not start: "
                        + (line == null ? "no output" : line) + " (too many processes? see ulimit -u)");
            }
        }
        // The holder writes nothing more; its pipes are closed so 1000 children do not hold 3000 fds.
        child.getOutputStream().close();
        child.getErrorStream().close();
        return child;
    }

    List<Long> pids() {
        return children.stream().map(Process::pid).toList();
    }

    Path workDir() {
        return workDir;
    }

    private synchronized void killAll() {
        for (Process child : children) {
            child.destroyForcibly();
        }
        // Also any holder started but not yet listed (a failure halfway through start).
        Path binary = workDir.resolve("map-holder");
        ProcessHandle.current().children()
                .filter(h -> h.info().command().map(c -> Path.of(c).equals(binary)).orElse(false))
                .forEach(ProcessHandle::destroyForcibly);
        for (Process child : children) {
            try {
                child.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        children.clear();
    }

    /** Kills every holder, waits for them, removes the work directory. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        killAll();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // already shutting down: the hook runs killAll itself
        }
        try (var files = Files.list(workDir)) {
            for (Path file : files.toList()) {
                Files.deleteIfExists(file);
            }
            Files.deleteIfExists(workDir);
        } catch (IOException e) {
            // a temp directory left behind is harmless
        }
    }
}
