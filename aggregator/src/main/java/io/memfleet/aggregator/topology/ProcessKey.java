package io.memfleet.aggregator.topology;

/**
 * State store keys. A process key starts with its host id and a separator no host id contains, so
 * one host's processes are a contiguous prefix range of the store.
 */
public final class ProcessKey {

    static final char SEPARATOR = '\u0000';

    private ProcessKey() {
    }

    public static String hostPrefix(String hostId) {
        return hostId + SEPARATOR;
    }

    /** The keys of every process with {@code pid} in one boot of a host start with this. */
    public static String pidPrefix(String hostId, String bootId, int pid) {
        return hostPrefix(hostId) + bootId + SEPARATOR + String.format("%010d%c", pid, SEPARATOR);
    }

    public static String of(String hostId, String bootId, int pid, long startTime) {
        // Fixed-width pid and start time: a host's processes come back from the prefix scan in pid order.
        return pidPrefix(hostId, bootId, pid) + String.format("%020d", startTime);
    }
}
