package io.memfleet.aggregator.topology;

/** Memory points for tests outside this package. */
public final class MemoryPointFixtures {

    private MemoryPointFixtures() {
    }

    public static MemoryPoint rss(long kb) {
        return MemoryPoint.of(HistoryValuesTest.sample(kb, 0L, 1));
    }
}
