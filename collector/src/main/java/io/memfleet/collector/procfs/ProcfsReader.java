package io.memfleet.collector.procfs;

import io.memfleet.schema.Mapping;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Reads processes from a procfs tree: {@code /proc} in production, a copied or fabricated tree in tests.
 * Holds no state beyond the root, so one instance may be shared between threads.
 */
public final class ProcfsReader {

    public static final Path DEFAULT_ROOT = Path.of("/proc");

    /** pid_max is at most 2^22, so a longer run of digits is not a pid directory. */
    private static final int MAX_PID_DIGITS = 9;

    private final Path root;

    public ProcfsReader() {
        this(DEFAULT_ROOT);
    }

    public ProcfsReader(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    /**
     * The pids that have a numeric directory under the root now, ascending; some will be gone by the
     * time they are read.
     *
     * @throws ProcfsUnreadableException if the root cannot be listed (wrong {@code --proc-root}?)
     */
    public List<Integer> listPids() throws ProcfsUnreadableException {
        List<Integer> pids = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
            for (Path entry : entries) {
                int pid = pidOf(entry.getFileName().toString());
                if (pid > 0 && Files.isDirectory(entry)) {
                    pids.add(pid);
                }
            }
        } catch (IOException e) {
            throw ProcFiles.hostUnreadable(root, e);
        }
        Collections.sort(pids);
        return pids;
    }

    /**
     * Reads stat, status and maps of one process, in that order.
     *
     * <p>The three reads are not atomic: if the pid is reused between them the snapshot mixes two
     * processes. That window is a few microseconds and pids cycle slowly, so we accept it; stat comes
     * first so that the identity (its starttime) is the oldest fact in the snapshot.
     *
     * @throws ProcfsException GONE if the process exited, UNREADABLE if a file cannot be read,
     *                         MALFORMED if one does not parse
     */
    public ProcessSnapshot read(int pid) throws ProcfsException {
        Path dir = root.resolve(Integer.toString(pid));
        Path statFile = dir.resolve("stat");
        Path statusFile = dir.resolve("status");
        Path mapsFile = dir.resolve("maps");

        ProcStat stat = ProcStatParser.parse(statFile.toString(), ProcFiles.readUtf8(statFile));
        if (stat.pid() != pid) {
            throw ProcfsParseException.inFile(statFile.toString(), "says pid " + stat.pid() + ", expected " + pid);
        }
        ProcStatus status = ProcStatusParser.parse(statusFile.toString(), ProcFiles.readUtf8(statusFile));
        // Parsed and digested where it was read, not copied: it is the bulk of what a pass reads.
        ProcFiles.Content rawMaps = ProcFiles.readShared(mapsFile);
        List<Mapping> mappings = MapsParser.parse(mapsFile.toString(), rawMaps.bytes(), rawMaps.length());
        String digest = MapsDigest.of(rawMaps.bytes(), rawMaps.length());
        return new ProcessSnapshot(pid, stat, status, mappings, digest, rawMaps.length());
    }

    /** This boot's id; with pid and starttime it makes a process identity that survives reboots. */
    public String bootId() throws ProcfsUnreadableException {
        return readTrimmed(root.resolve("sys/kernel/random/boot_id"));
    }

    /** The kernel's idea of the host name (the UTS namespace's, in a container). */
    public String hostname() throws ProcfsUnreadableException {
        return readTrimmed(root.resolve("sys/kernel/hostname"));
    }

    private static String readTrimmed(Path file) throws ProcfsUnreadableException {
        return utf8(ProcFiles.readHostFile(file)).trim();
    }

    /**
     * Paths hold any byte but NUL and newline; bytes that are not UTF-8 become U+FFFD here. The
     * maps digest is taken over the raw bytes, so such a rename still counts as a change.
     */
    private static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** The pid a directory name stands for, or -1 for "self", "sys", "1x" and the like. */
    static int pidOf(String name) {
        if (name.isEmpty() || name.length() > MAX_PID_DIGITS) {
            return -1;
        }
        int pid = 0;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            pid = pid * 10 + (c - '0');
        }
        return pid;
    }
}
