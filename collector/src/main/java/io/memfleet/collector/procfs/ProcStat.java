package io.memfleet.collector.procfs;

import java.util.Objects;

/**
 * The fields of {@code /proc/<pid>/stat} that memfleet uses.
 *
 * @param pid        field 1
 * @param comm       field 2 without its parentheses, raw: may hold spaces, ')' and even a newline
 * @param state      field 3, one letter ({@code R}, {@code S}, {@code D}, {@code Z}, {@code I}, ...)
 * @param ppid       field 4
 * @param numThreads field 20
 * @param startTime  field 22, clock ticks after boot; with the boot id and pid it identifies a process
 */
public record ProcStat(int pid, String comm, String state, int ppid, int numThreads, long startTime) {

    public ProcStat {
        Objects.requireNonNull(comm, "comm");
        Objects.requireNonNull(state, "state");
    }
}
