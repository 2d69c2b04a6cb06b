package io.memfleet.common.config;

/** Durations and sizes the way the docs write them: {@code 24 h}, {@code 10 min}, {@code 256 MiB}. */
final class Readable {

    private Readable() {
    }

    static String duration(long ms) {
        if (ms >= 2 * 86_400_000L && ms % 86_400_000L == 0) {
            return ms / 86_400_000L + " d"; // "30 d", but "24 h" as operators say it
        }
        long[] units = {3_600_000L, 60_000L, 1_000L};
        String[] names = {"h", "min", "s"};
        for (int i = 0; i < units.length; i++) {
            if (ms % units[i] == 0) {
                return ms / units[i] + " " + names[i];
            }
        }
        return ms + " ms";
    }

    static String bytes(long bytes) {
        String[] names = {"GiB", "MiB", "KiB"};
        long[] units = {1L << 30, 1L << 20, 1L << 10};
        for (int i = 0; i < units.length; i++) {
            if (bytes % units[i] == 0) {
                return bytes / units[i] + " " + names[i];
            }
        }
        return bytes + " B";
    }
}
