package io.memfleet.collector;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the spool lives when {@code spool.dir} is not set. */
final class SpoolDirs {

    static final Path SYSTEM_DEFAULT = Path.of("/var/lib/memfleet-collector/spool");

    private SpoolDirs() {
    }

    /**
     * systemd's {@code StateDirectory=} (it sets {@code STATE_DIRECTORY}) for the service; the
     * system location when it is writable (root); a per-user state directory otherwise, so a person
     * can try the collector without root.
     */
    static Path defaultDir() {
        String stateDirectory = System.getenv("STATE_DIRECTORY");
        if (stateDirectory != null && !stateDirectory.isBlank()) {
            return Path.of(stateDirectory.split(":")[0], "spool");
        }
        Path varLib = SYSTEM_DEFAULT.getParent();
        if (Files.isWritable(varLib) || (!Files.exists(varLib) && Files.isWritable(varLib.getParent()))) {
            return SYSTEM_DEFAULT;
        }
        String xdg = System.getenv("XDG_STATE_HOME");
        Path stateHome = xdg != null && !xdg.isBlank() ? Path.of(xdg)
                : Path.of(System.getProperty("user.home"), ".local", "state");
        return stateHome.resolve("memfleet").resolve("collector-spool");
    }
}
