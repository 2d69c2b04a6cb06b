package io.memfleet.bench.heap;

/** The labelled classes of the simulated corpus: leaks (positives) and benign series (negatives). */
public enum SeriesClass {
    LEAK_LINEAR(true, "linear leak"),
    LEAK_STEPWISE(true, "leak in steps every 0.3-3 h"),
    LEAK_GC_SAWTOOTH(true, "leak under a GC sawtooth (20-100% of the level, 30 s-10 min period)"),
    LEAK_DAILY_CYCLE(true, "leak under a daily load cycle (5-30%)"),
    LEAK_AFTER_WARMUP(true, "slow warm-up (0.5-3 h), leak starting hours later"),
    STEADY(false, "steady, with allocator noise and sometimes a sawtooth"),
    DAILY_CYCLE(false, "daily load cycle without a leak"),
    CACHE_FILL(false, "a cache filling to its cap (time constant 0.3-10 h)"),
    JVM_TO_XMX(false, "a JVM heap growing to -Xmx (half -Xms<-Xmx, half -Xms=-Xmx touching its heap)"),
    ARENA_PLATEAU(false, "glibc arenas added, ever more slowly, then a plateau"),
    PAGE_CACHE(false, "page cache (RssFile) growth, anonymous memory flat"),
    SHMEM(false, "shared memory (RssShmem) growth, anonymous memory flat"),
    LOAD_SPIKES(false, "load spikes that recede"),
    RESTARTS(false, "restarts with pid reuse: every instance warms up again");

    private final boolean leak;
    private final String description;

    SeriesClass(boolean leak, String description) {
        this.leak = leak;
        this.description = description;
    }

    public boolean leak() {
        return leak;
    }

    public String description() {
        return description;
    }
}
