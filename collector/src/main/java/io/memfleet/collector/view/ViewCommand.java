package io.memfleet.collector.view;

import io.memfleet.collector.procfs.ProcessSnapshot;
import io.memfleet.collector.procfs.ProcfsException;
import io.memfleet.collector.procfs.ProcfsReader;
import io.memfleet.common.Cli;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code memfleet view [PID]}: one process's memory summary and mapping table, read once from procfs
 * and printed by {@link ViewFormatter}. Needs no Kafka and no configuration.
 *
 * <p>Failures are one line on stderr: exit 1 for a process that does not exist or cannot be read,
 * exit 2 for a PID that is not a number or a {@code --proc-root} that is not a directory.
 */
@Command(name = "view", mixinStandardHelpOptions = true,
        description = "Print one process's memory (the Vm*/Rss* lines of /proc/<pid>/status) and its mappings "
                + "(/proc/<pid>/maps) as a table.",
        footer = {"", "Reading a process's maps needs ptrace read access to it: the same user with no",
                "fewer capabilities, or CAP_SYS_PTRACE. Kernel threads have no user memory.",
                "Exit status: 0 shown; 1 no such process, or unreadable; 2 not a pid, bad option."})
public final class ViewCommand implements Callable<Integer> {

    /** Nine digits at most: more cannot be a pid, and nine cannot overflow an int. */
    private static final Pattern PID = Pattern.compile("[0-9]{1,9}");
    /**
     * The largest pid Linux can give: pid_max is at most PID_MAX_LIMIT = 2^22 (64-bit kernels) and
     * pids stay below pid_max.
     */
    static final int MAX_PID = (1 << 22) - 1;

    @Parameters(index = "0", arity = "0..1", paramLabel = "PID", defaultValue = "1",
            description = "The process to show. Default 1.")
    String pid;

    @Option(names = "--proc-root", paramLabel = "DIR", defaultValue = "/proc",
            description = "Where procfs is mounted. Default /proc.")
    Path procRoot;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        // Taken as text and checked here rather than by picocli, whose error would add the whole usage.
        if (!PID.matcher(pid).matches() || Integer.parseInt(pid) == 0 || Integer.parseInt(pid) > MAX_PID) {
            return fail(Cli.EXIT_USAGE, "PID must be a process id (a whole number from 1 to " + MAX_PID + "), not \""
                    + pid + "\"");
        }
        if (!Files.isDirectory(procRoot)) {
            return fail(Cli.EXIT_USAGE, "--proc-root " + procRoot + ": no such directory");
        }
        int id = Integer.parseInt(pid);
        ProcessSnapshot snapshot;
        try {
            snapshot = new ProcfsReader(procRoot).read(id);
        } catch (ProcfsException e) {
            return fail(Cli.EXIT_FAILURE, describe(id, e));
        }
        PrintWriter out = spec.commandLine().getOut();
        out.print(ViewFormatter.format(snapshot));
        out.flush();
        return 0;
    }

    /** One line for each way a read fails, from the reasons procfs reading sorts them into. */
    private String describe(int id, ProcfsException e) {
        return switch (e.reason()) {
            case GONE -> "no process " + id + " in " + procRoot + " (it does not exist, or exited while being read)";
            case UNREADABLE -> "cannot read process " + id + ": " + e.getMessage()
                    + (deniedMaps(e) ? " (maps needs ptrace read access to the process:"
                            + " the same user with no fewer capabilities, or CAP_SYS_PTRACE)" : "");
            case MALFORMED -> "cannot parse process " + id + ": " + e.getMessage();
        };
    }

    private static boolean deniedMaps(ProcfsException e) {
        return e.getCause() instanceof AccessDeniedException denied
                && denied.getFile() != null && denied.getFile().endsWith("/maps");
    }

    private int fail(int exitCode, String message) {
        PrintWriter err = spec.commandLine().getErr();
        err.println("memfleet view: " + message);
        err.flush();
        return exitCode;
    }
}
