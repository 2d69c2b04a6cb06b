package io.memfleet.collector.view;

import io.memfleet.collector.procfs.MapsDigest;
import io.memfleet.collector.procfs.MapsParser;
import io.memfleet.collector.procfs.ProcStatParser;
import io.memfleet.collector.procfs.ProcStatusParser;
import io.memfleet.collector.procfs.ProcessSnapshot;
import io.memfleet.collector.procfs.ProcfsException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The captured procfs cases of {@code src/test/resources/procfs/} (see the README there), for the view tests. */
final class FakeProc {

    static final String KTHREADD = "kthreadd";
    static final String JVM = "jvm-sleeper";
    static final String C_PROGRAM = "c-deleted-memfd-spaces";
    static final String SHELL = "shell-escaped-name-vsyscall";
    static final String SYNTHETIC_ANON = "synthetic-anon-name";

    private FakeProc() {
    }

    static byte[] bytes(String caseName, String file) {
        String resource = "/procfs/" + caseName + "/" + file;
        try (InputStream in = FakeProc.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String text(String caseName, String file) {
        return new String(bytes(caseName, file), StandardCharsets.UTF_8);
    }

    /** The pid the captured stat file names (its first field). */
    static int capturedPid(String caseName) {
        String stat = text(caseName, "stat");
        return Integer.parseInt(stat.substring(0, stat.indexOf(' ')));
    }

    /** A snapshot parsed straight from the captured files, the way ProcfsReader would build it, no /proc involved. */
    static ProcessSnapshot snapshot(String caseName) throws ProcfsException {
        byte[] maps = bytes(caseName, "maps");
        return new ProcessSnapshot(capturedPid(caseName),
                ProcStatParser.parse(caseName + "/stat", text(caseName, "stat")),
                ProcStatusParser.parse(caseName + "/status", text(caseName, "status")),
                MapsParser.parse(caseName + "/maps", new String(maps, StandardCharsets.UTF_8)),
                MapsDigest.of(maps), maps.length);
    }

    /** A snapshot of a synthetic case that has only a maps file: the identity and memory of the C program. */
    static ProcessSnapshot withMapsOf(String mapsCase, String identityCase) throws ProcfsException {
        ProcessSnapshot identity = snapshot(identityCase);
        byte[] maps = bytes(mapsCase, "maps");
        return new ProcessSnapshot(identity.pid(), identity.stat(), identity.status(),
                MapsParser.parse(mapsCase + "/maps", new String(maps, StandardCharsets.UTF_8)),
                MapsDigest.of(maps), maps.length);
    }

    /** Copies a case to {@code <root>/<its pid>/}; returns the pid. */
    static int install(Path root, String caseName) throws IOException {
        return install(root, caseName, capturedPid(caseName));
    }

    /** Copies a case to {@code <root>/<pid>/}, with the pid in its stat file changed to match. */
    static int install(Path root, String caseName, int pid) throws IOException {
        Path dir = Files.createDirectories(root.resolve(Integer.toString(pid)));
        String stat = text(caseName, "stat");
        Files.writeString(dir.resolve("stat"), pid + stat.substring(stat.indexOf(' ')), StandardCharsets.UTF_8);
        Files.write(dir.resolve("status"), bytes(caseName, "status"));
        Files.write(dir.resolve("maps"), bytes(caseName, "maps"));
        return pid;
    }
}
