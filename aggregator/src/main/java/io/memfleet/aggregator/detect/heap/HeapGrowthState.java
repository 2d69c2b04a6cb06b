package io.memfleet.aggregator.detect.heap;

import io.memfleet.schema.Severity;
import java.util.Arrays;
import java.util.Objects;

/**
 * What {@link HeapGrowthDetector} keeps of one process: a time-bucketed lower envelope of its
 * anonymous memory (and of VmData) over the analysis window, the latest cross-check values, and the
 * open episode if any.
 *
 * <p><b>Bound.</b> The envelope is a ring of {@code window / bucket} slots (at most
 * {@link HeapGrowthSettings#MAX_BUCKETS}); slot {@code b mod n} holds the minimum of bucket
 * {@code b}, or -1 when the bucket had no sample. With the defaults (24 h / 10 min) that is 144 slots:
 * two rings of longs, 2 × 8 × 144 = 2,304 bytes, plus {@link #DAYS} days of daily figures (4 × 28 = 112 bytes)
 * and under 200 bytes of scalars and the process name (comm, at most 15 bytes): under 2.6 KB per
 * process on the heap and about 3 KB as JSON, whatever the process's age or sample rate (at most
 * 2 × 8 × {@link HeapGrowthSettings#MAX_BUCKETS} + 320 bytes whatever the settings).
 *
 * @param firstAt        time of the first accepted sample, epoch ms (meaningless while {@code samples} is 0)
 * @param lastAt         time of the last accepted sample: a sample not after it is late and skipped
 * @param samples        samples accepted so far
 * @param headBucket     index ({@code at / bucket}) of the newest bucket, -1 before the first (after warm-up)
 * @param anonMinKb      ring: per-bucket minimum of RssAnon + VmSwap, kB, -1 for none
 * @param vmDataMinKb    ring: per-bucket minimum of VmData, kB, -1 for none
 * @param lastAnonKb     the last sample's RssAnon + VmSwap
 * @param lastVmDataKb   the last sample's VmData, null when it had none
 * @param lastHeapKb     the size of the {@code [heap]} mapping in the last mapping list, null when unknown
 * @param processName    for summaries
 * @param pid            for summaries
 * @param episodeStart   when the open episode was detected (epoch ms), null when none is open
 * @param episodeSeverity the open episode's severity, for its RESOLVED event
 * @param episodeSlopeKbPerHour the slope that decided the open episode
 * @param episodeDayOverDay whether the day-over-day test decided it (then it resolves by that test)
 * @param quietSince     since when growth has looked stopped during the open episode, null when it has not
 * @param dayHead        index ({@code at / seasonPeriod}) of the newest day, -1 before the first
 * @param dayMinKb       ring of {@link #DAYS}: each day's minimum anonymous memory, -1 for none
 * @param dayMaxKb       ring of {@link #DAYS}: each day's highest bucket minimum (the top of its
 *                       envelope), -1 for none
 * @param dayVmDataMinKb ring of {@link #DAYS}: each day's minimum VmData, -1 for none
 * @param dayBuckets     ring of {@link #DAYS}: how many buckets of each day had a sample
 * @param peakKb         the highest anonymous memory in the newest bucket (the top of a sawtooth:
 *                       what runs into the limit first)
 * @param previousPeakKb the same for the bucket before it
 */
public record HeapGrowthState(
        long firstAt,
        long lastAt,
        long samples,
        long headBucket,
        long[] anonMinKb,
        long[] vmDataMinKb,
        long lastAnonKb,
        Long lastVmDataKb,
        Long lastHeapKb,
        String processName,
        int pid,
        Long episodeStart,
        Severity episodeSeverity,
        double episodeSlopeKbPerHour,
        boolean episodeDayOverDay,
        Long quietSince,
        long dayHead,
        long[] dayMinKb,
        long[] dayMaxKb,
        long[] dayVmDataMinKb,
        int[] dayBuckets,
        long peakKb,
        long previousPeakKb) {

    public HeapGrowthState {
        Objects.requireNonNull(anonMinKb, "anonMinKb");
        Objects.requireNonNull(vmDataMinKb, "vmDataMinKb");
        Objects.requireNonNull(dayMinKb, "dayMinKb");
        Objects.requireNonNull(dayMaxKb, "dayMaxKb");
        Objects.requireNonNull(dayVmDataMinKb, "dayVmDataMinKb");
        Objects.requireNonNull(dayBuckets, "dayBuckets");
        if (anonMinKb.length != vmDataMinKb.length || dayMinKb.length != DAYS || dayMaxKb.length != DAYS
                || dayVmDataMinKb.length != DAYS
                || dayBuckets.length != DAYS) {
            throw new IllegalArgumentException("envelope rings of the wrong length");
        }
        processName = processName == null ? "" : processName;
    }

    /** Days of daily minima kept for the day-over-day test. */
    public static final int DAYS = 4;


    static HeapGrowthState empty(int buckets) {
        long[] none = new long[buckets];
        Arrays.fill(none, -1);
        long[] noDays = new long[DAYS];
        Arrays.fill(noDays, -1);
        return new HeapGrowthState(0, 0, 0, -1, none, none.clone(), 0, null, null, "", 0, null, null, 0, false, null,
                -1, noDays, noDays.clone(), noDays.clone(), new int[DAYS], 0, 0);
    }

    boolean inEpisode() {
        return episodeStart != null;
    }

    HeapGrowthState withEpisode(Long start, Severity severity, double slope, boolean dayOverDay, Long quiet) {
        return new HeapGrowthState(firstAt, lastAt, samples, headBucket, anonMinKb, vmDataMinKb, lastAnonKb,
                lastVmDataKb, lastHeapKb, processName, pid, start, severity, slope, dayOverDay, quiet, dayHead, dayMinKb,
                dayMaxKb, dayVmDataMinKb, dayBuckets, peakKb, previousPeakKb);
    }

    HeapGrowthState withQuietSince(Long quiet) {
        return withEpisode(episodeStart, episodeSeverity, episodeSlopeKbPerHour, episodeDayOverDay, quiet);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HeapGrowthState s
                && firstAt == s.firstAt && lastAt == s.lastAt && samples == s.samples && headBucket == s.headBucket
                && Arrays.equals(anonMinKb, s.anonMinKb) && Arrays.equals(vmDataMinKb, s.vmDataMinKb)
                && lastAnonKb == s.lastAnonKb && Objects.equals(lastVmDataKb, s.lastVmDataKb)
                && Objects.equals(lastHeapKb, s.lastHeapKb) && processName.equals(s.processName) && pid == s.pid
                && Objects.equals(episodeStart, s.episodeStart) && episodeSeverity == s.episodeSeverity
                && Double.compare(episodeSlopeKbPerHour, s.episodeSlopeKbPerHour) == 0
                && episodeDayOverDay == s.episodeDayOverDay
                && Objects.equals(quietSince, s.quietSince) && dayHead == s.dayHead
                && Arrays.equals(dayMinKb, s.dayMinKb) && Arrays.equals(dayMaxKb, s.dayMaxKb) && Arrays.equals(dayVmDataMinKb, s.dayVmDataMinKb)
                && Arrays.equals(dayBuckets, s.dayBuckets) && peakKb == s.peakKb && previousPeakKb == s.previousPeakKb;
    }

    @Override
    public int hashCode() {
        return Objects.hash(firstAt, lastAt, samples, headBucket, Arrays.hashCode(anonMinKb),
                Arrays.hashCode(vmDataMinKb), lastAnonKb, episodeStart, quietSince);
    }

    @Override
    public String toString() {
        return "HeapGrowthState[samples=" + samples + ", lastAt=" + lastAt + ", headBucket=" + headBucket
                + ", episodeStart=" + episodeStart + ", quietSince=" + quietSince + "]";
    }
}
