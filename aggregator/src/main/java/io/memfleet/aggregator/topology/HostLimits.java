package io.memfleet.aggregator.topology;

/**
 * How much of one host the aggregator holds, whatever its records claim: the samples topic is open
 * to every collector, and any of them can write any host id.
 *
 * @param maxProcesses       live process states per host; a sample of a further process is counted
 *                           ({@code processesCapped}) and not stored
 * @param maxExitedProcesses exited process states per host; beyond it the oldest exits are dropped
 *                           before {@code history.exited.retention.ms} (counted, {@code exitedEvicted})
 * @param maxPendingPartBytes bytes of mapping list parts (as stored) a host may have waiting for their
 *                           samples; a part beyond it is refused (counted) and its list is incomplete
 */
public record HostLimits(int maxProcesses, int maxExitedProcesses, long maxPendingPartBytes) {

    /**
     * 64 MiB: the biggest real list, 262,144 mappings, is about 9 MB stored, and a host's lists
     * wait one at a time (each is taken by the sample right after its parts), so this leaves room
     * for several while bounding what parts alone can grow.
     */
    public static final long DEFAULT_MAX_PENDING_PART_BYTES = 64L << 20;

    /**
     * 100,000 live: Linux's default {@code pid_max} is 32,768 (4,194,304 where systemd raises it),
     * and threads use pids too, so real hosts stay well below it. 10,000 exited: a day of one exit
     * a minute is 1,440; a build host starting 100 processes a second reaches it in under two
     * minutes, and then keeps its latest 10,000 instead of 8.6 million a day.
     */
    public static final HostLimits DEFAULTS = new HostLimits(100_000, 10_000);

    public HostLimits(int maxProcesses, int maxExitedProcesses) {
        this(maxProcesses, maxExitedProcesses, DEFAULT_MAX_PENDING_PART_BYTES);
    }

    public HostLimits {
        if (maxProcesses < 1 || maxExitedProcesses < 1 || maxPendingPartBytes < 1) {
            throw new IllegalArgumentException("host limits must be at least 1");
        }
    }
}
