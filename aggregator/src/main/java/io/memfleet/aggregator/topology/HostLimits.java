package io.memfleet.aggregator.topology;

/**
 * How much of one host the aggregator holds, whatever its records claim: the samples topic is open
 * to every collector, and any of them can write any host id.
 *
 * @param maxProcesses       live process states per host; a sample of a further process is counted
 *                           ({@code processesCapped}) and not stored
 * @param maxExitedProcesses exited process states per host; beyond it the oldest exits are dropped
 *                           before {@code history.exited.retention.ms} (counted, {@code exitedEvicted})
 */
public record HostLimits(int maxProcesses, int maxExitedProcesses) {

    /**
     * 100,000 live: Linux's default {@code pid_max} is 32,768 (4,194,304 where systemd raises it),
     * and threads use pids too, so real hosts stay well below it. 10,000 exited: a day of one exit
     * a minute is 1,440; a build host starting 100 processes a second reaches it in under two
     * minutes, and then keeps its latest 10,000 instead of 8.6 million a day.
     */
    public static final HostLimits DEFAULTS = new HostLimits(100_000, 10_000);

    public HostLimits {
        if (maxProcesses < 1 || maxExitedProcesses < 1) {
            throw new IllegalArgumentException("host limits must be at least 1");
        }
    }
}
