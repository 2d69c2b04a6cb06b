package io.memfleet.aggregator.topology;

/**
 * The rollup bucket a live process's samples are filling now, kept in its {@link ProcessState}
 * until a sample of a later bucket arrives (then it goes to the rollups store).
 *
 * @param start the bucket's start, epoch ms, a multiple of the rollup interval
 */
public record OpenBucket(long start, Rollup rollup) {

    OpenBucket with(MemoryPoint point) {
        return new OpenBucket(start, rollup.add(point));
    }
}
