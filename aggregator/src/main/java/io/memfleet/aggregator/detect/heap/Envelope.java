package io.memfleet.aggregator.detect.heap;

/**
 * The non-empty buckets of a state's rings in time order, as arrays the trend statistics take:
 * hours since the window's start (bucket centres), the anonymous-memory floor and VmData floor.
 */
final class Envelope {

    private final long bucketMs;
    private final long headBucket;
    private final long[] buckets;
    private final double[] hours;
    private final double[] anonKb;
    private final double[] vmDataKb;
    private final int size;

    private Envelope(long bucketMs, long headBucket, int capacity) {
        this.bucketMs = bucketMs;
        this.headBucket = headBucket;
        this.buckets = new long[capacity];
        this.hours = new double[capacity];
        this.anonKb = new double[capacity];
        this.vmDataKb = new double[capacity];
        this.size = 0;
    }

    private Envelope(Envelope e, int size) {
        this.bucketMs = e.bucketMs;
        this.headBucket = e.headBucket;
        this.buckets = e.buckets;
        this.hours = e.hours;
        this.anonKb = e.anonKb;
        this.vmDataKb = e.vmDataKb;
        this.size = size;
    }

    /** The last {@code settings.window()} of the state's rings. */
    static Envelope of(HeapGrowthState s, HeapGrowthSettings settings) {
        int ring = s.anonMinKb().length;
        int n = settings.windowBuckets();
        long bucketMs = settings.bucketMs();
        long head = s.headBucket();
        Envelope e = new Envelope(bucketMs, head, n);
        long base = head - n + 1;
        double bucketHours = bucketMs / 3_600_000.0;
        int m = 0;
        for (long b = base; b <= head && head >= 0; b++) {
            int slot = (int) Math.floorMod(b, (long) ring);
            long anon = s.anonMinKb()[slot];
            if (anon < 0) {
                continue;
            }
            long vm = s.vmDataMinKb()[slot];
            e.buckets[m] = b;
            e.hours[m] = (b - base + 0.5) * bucketHours;
            e.anonKb[m] = anon;
            e.vmDataKb[m] = vm < 0 ? Double.NaN : vm;
            m++;
        }
        return new Envelope(e, m);
    }

    int size() {
        return size;
    }

    long headBucket() {
        return headBucket;
    }

    double[] hours() {
        return hours;
    }

    double[] anonKb() {
        return anonKb;
    }

    /** The index of the first point whose bucket is after {@code bucket}. */
    int firstIndexAfter(long bucket) {
        int i = 0;
        while (i < size && buckets[i] <= bucket) {
            i++;
        }
        return i;
    }

    long startMs(int i) {
        return buckets[i] * bucketMs;
    }

    long endMs(int i) {
        return (buckets[i] + 1) * bucketMs;
    }

    /** VmData's growth between the first and last points of {@code [from, to)} that know it, or null. */
    Double vmDataGrowth(int from, int to) {
        int first = from;
        while (first < to && Double.isNaN(vmDataKb[first])) {
            first++;
        }
        int last = to - 1;
        while (last > first && Double.isNaN(vmDataKb[last])) {
            last--;
        }
        return last > first ? vmDataKb[last] - vmDataKb[first] : null;
    }
}
