package io.memfleet.aggregator.topology;

/**
 * State store keys. A process key starts with its host id and a separator no host id contains, so
 * one host's processes are a contiguous prefix range of the store.
 */
public final class ProcessKey {

    static final char SEPARATOR = '\u0000';

    private static final int PID_DIGITS = 10;
    private static final int START_TIME_DIGITS = 20;

    private ProcessKey() {
    }

    public static String hostPrefix(String hostId) {
        return hostId + SEPARATOR;
    }

    /** The keys of every process with {@code pid} in one boot of a host start with this. */
    public static String pidPrefix(String hostId, String bootId, int pid) {
        StringBuilder key = new StringBuilder(hostId.length() + bootId.length() + 40);
        key.append(hostId).append(SEPARATOR).append(bootId).append(SEPARATOR);
        return zeroPadded(key, pid, PID_DIGITS).append(SEPARATOR).toString();
    }

    public static String of(String hostId, String bootId, int pid, long startTime) {
        // Fixed-width pid and start time: a host's processes come back from the prefix scan in pid order.
        // Built by hand: this runs several times per sample, and String.format would be a visible share of it.
        StringBuilder key = new StringBuilder(hostId.length() + bootId.length() + 40);
        key.append(hostId).append(SEPARATOR).append(bootId).append(SEPARATOR);
        zeroPadded(key, pid, PID_DIGITS).append(SEPARATOR);
        return zeroPadded(key, startTime, START_TIME_DIGITS).toString();
    }

    /** The key of one detector's state of a process: the process key, then the detector's name. */
    static String detectorState(String processKey, String detector) {
        return processKey + SEPARATOR + detector;
    }

    /** The process key of a {@link #detectorState} key. */
    static String processOfDetectorState(String key) {
        return key.substring(0, key.lastIndexOf(SEPARATOR));
    }

    /** The detector name of a {@link #detectorState} key. */
    static String detectorOfDetectorState(String key) {
        return key.substring(key.lastIndexOf(SEPARATOR) + 1);
    }

    /** As {@code %0Nd}: negative numbers (which pids and start times never are) keep their sign first. */
    private static StringBuilder zeroPadded(StringBuilder key, long value, int digits) {
        String text = Long.toString(Math.abs(value));
        if (value < 0) {
            key.append('-');
            digits--;
        }
        for (int i = text.length(); i < digits; i++) {
            key.append('0');
        }
        return key.append(text);
    }
}
