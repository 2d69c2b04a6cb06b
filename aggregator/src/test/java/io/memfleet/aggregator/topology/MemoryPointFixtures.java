package io.memfleet.aggregator.topology;

/** Memory points for tests outside this package. */
public final class MemoryPointFixtures {

    private MemoryPointFixtures() {
    }

    public static MemoryPoint rss(long kb) {
        return MemoryPoint.of(HistoryValuesTest.sample(kb, 0L, 1));
    }

    /** RSS and the rest, but no VmSwap line (a kernel without swap accounting). */
    public static MemoryPoint rssWithoutSwap(long kb) {
        return MemoryPoint.of(HistoryValuesTest.sample(kb, null, 1));
    }
}
