package io.memfleet.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A tmpfs of a few KiB mounted on a directory, for tests of what a full disk does: a real
 * {@code ENOSPC} from the kernel, not a simulated one. Needs root (the tests run as root, here and
 * in CI); when the mount fails the test fails saying so — never a skip, which would pass without
 * testing.
 */
public final class TinyFileSystem implements AutoCloseable {

    private final Path dir;

    private TinyFileSystem(Path dir) {
        this.dir = dir;
    }

    /** Mounts a tmpfs of {@code kib} KiB on {@code dir} (created if missing). */
    public static TinyFileSystem mount(Path dir, int kib) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        String output = run(List.of("mount", "-t", "tmpfs", "-o", "size=" + kib + "k,mode=0700", "tmpfs", dir.toString()));
        if (output != null) {
            throw new AssertionError("cannot mount a " + kib + " KiB tmpfs on " + dir + " (" + output.strip()
                    + "): this test needs a real full file system, so it runs as root (as in CI) or with "
                    + "CAP_SYS_ADMIN; run it as root");
        }
        return new TinyFileSystem(dir);
    }

    public Path dir() {
        return dir;
    }

    /** Unmounts; what was written there is gone. */
    @Override
    public void close() throws IOException, InterruptedException {
        String output = run(List.of("umount", dir.toString()));
        if (output != null) {
            // A lazy unmount still frees the memory once the last file there is closed.
            run(List.of("umount", "-l", dir.toString()));
        }
    }

    /** Null if the command succeeded, else its output and exit code. */
    private static String run(List<String> command) throws IOException, InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            return e.getMessage();
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return String.join(" ", command) + " did not finish in 30 s";
        }
        return process.exitValue() == 0 ? null : output + " (exit " + process.exitValue() + ")";
    }
}
