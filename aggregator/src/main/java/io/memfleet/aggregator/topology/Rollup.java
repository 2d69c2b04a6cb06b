package io.memfleet.aggregator.topology;

import io.memfleet.aggregator.codec.BinaryIn;
import io.memfleet.aggregator.codec.BinaryOut;
import java.util.Arrays;

/**
 * The minimum, maximum and sum of every field over the samples of one time bucket: what is kept
 * of a process's memory once its raw samples are older than the raw retention.
 */
public final class Rollup {

    /** The format {@link #write} writes and {@link #read} reads; a change of layout is a new one. */
    private static final int FORMAT = 1;
    private static final int FIELDS = MemoryField.values().length;

    private final long count;
    private final long[] min;
    private final long[] max;
    private final long[] sum;
    private final long[] present; // samples that had the field

    private Rollup(long count, long[] min, long[] max, long[] sum, long[] present) {
        this.count = count;
        this.min = min;
        this.max = max;
        this.sum = sum;
        this.present = present;
    }

    static Rollup empty() {
        return new Rollup(0, new long[FIELDS], new long[FIELDS], new long[FIELDS], new long[FIELDS]);
    }

    /** A bucket of one sample. */
    public static Rollup of(MemoryPoint point) {
        return empty().add(point);
    }

    /** This bucket with one more sample folded in; this one is not changed. */
    Rollup add(MemoryPoint point) {
        return new Accumulator().add(this).add(point).build();
    }

    public Rollup merge(Rollup other) {
        return new Accumulator().add(this).add(other).build();
    }

    public long count() {
        return count;
    }

    public boolean has(MemoryField field) {
        return present[field.ordinal()] > 0;
    }

    public long min(MemoryField field) {
        return min[field.ordinal()];
    }

    public long max(MemoryField field) {
        return max[field.ordinal()];
    }

    public double avg(MemoryField field) {
        long n = present[field.ordinal()];
        return n == 0 ? Double.NaN : (double) sum[field.ordinal()] / n;
    }

    byte[] toBytes() {
        BinaryOut out = new BinaryOut(2 + FIELDS * 12);
        write(out);
        return out.toBytes();
    }

    /** Into a larger value (a process's open bucket). */
    void write(BinaryOut out) {
        out.writeInt(FORMAT).writeLong(count);
        for (int i = 0; i < FIELDS; i++) {
            out.writeLong(present[i]);
            if (present[i] > 0) {
                out.writeLong(min[i]).writeLong(max[i]).writeLong(sum[i]);
            }
        }
    }

    static Rollup fromBytes(byte[] bytes) {
        return read(new BinaryIn(bytes));
    }

    static Rollup read(BinaryIn in) {
        in.readVersion(FORMAT, "rollup");
        long count = in.readLong();
        long[] min = new long[FIELDS];
        long[] max = new long[FIELDS];
        long[] sum = new long[FIELDS];
        long[] present = new long[FIELDS];
        for (int i = 0; i < FIELDS; i++) {
            present[i] = in.readLong();
            if (present[i] > 0) {
                min[i] = in.readLong();
                max[i] = in.readLong();
                sum[i] = in.readLong();
            }
        }
        return new Rollup(count, min, max, sum, present);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Rollup other && count == other.count && Arrays.equals(present, other.present)
                && Arrays.equals(min, other.min) && Arrays.equals(max, other.max) && Arrays.equals(sum, other.sum);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(count) * 31 + Arrays.hashCode(sum);
    }

    /**
     * Builds one rollup from many points or rollups in place (thinning a day of raw samples for a
     * query made a rollup per sample and a new one per merge: a fifth of a history answer's time);
     * {@link #add(MemoryPoint)} and {@link #merge} are one-step uses of it.
     */
    public static final class Accumulator {
        private long count;
        private final long[] min = new long[FIELDS];
        private final long[] max = new long[FIELDS];
        private final long[] sum = new long[FIELDS];
        private final long[] present = new long[FIELDS];

        public Accumulator add(MemoryPoint point) {
            for (int i = 0; i < FIELDS; i++) {
                if (point.has(i)) {
                    take(i, point.value(i), point.value(i), point.value(i), 1);
                }
            }
            count++;
            return this;
        }

        public Accumulator add(Rollup rollup) {
            for (int i = 0; i < FIELDS; i++) {
                if (rollup.present[i] > 0) {
                    take(i, rollup.min[i], rollup.max[i], rollup.sum[i], rollup.present[i]);
                }
            }
            count += rollup.count;
            return this;
        }

        private void take(int i, long lo, long hi, long total, long samples) {
            min[i] = present[i] == 0 ? lo : Math.min(min[i], lo);
            max[i] = present[i] == 0 ? hi : Math.max(max[i], hi);
            sum[i] += total;
            present[i] += samples;
        }

        public boolean isEmpty() {
            return count == 0;
        }

        /** The rollup; hands this accumulator's arrays over, so use a new accumulator after it. */
        public Rollup build() {
            return new Rollup(count, min, max, sum, present);
        }
    }
}
