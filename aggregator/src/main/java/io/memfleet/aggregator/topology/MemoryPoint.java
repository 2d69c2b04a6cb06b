package io.memfleet.aggregator.topology;

import io.memfleet.aggregator.codec.BinaryIn;
import io.memfleet.aggregator.codec.BinaryOut;
import io.memfleet.schema.ProcessSample;
import java.util.Arrays;

/**
 * One sample's memory fields, stored compactly (a presence mask and zig-zag varints: about 40
 * bytes instead of 400 as JSON), because a day of 10-second samples is 8,640 of them per process.
 */
public final class MemoryPoint {

    /** The format {@link #toBytes} writes and {@link #fromBytes} reads; a change of layout is a new one. */
    private static final int FORMAT = 1;
    private static final int FIELDS = MemoryField.values().length;

    private final long[] values;
    private final int present;

    private MemoryPoint(long[] values, int present) {
        this.values = values;
        this.present = present;
    }

    static MemoryPoint of(ProcessSample sample) {
        long[] values = new long[FIELDS];
        int present = 0;
        for (MemoryField field : MemoryField.values()) {
            Long value = field.read(sample);
            if (value != null) {
                values[field.ordinal()] = value;
                present |= 1 << field.ordinal();
            }
        }
        return new MemoryPoint(values, present);
    }

    /** The field's value, or null where the kernel did not report it (kernel threads). */
    public Long get(MemoryField field) {
        return (present & (1 << field.ordinal())) != 0 ? values[field.ordinal()] : null;
    }

    /** Whether field {@code ordinal} ({@link MemoryField#ordinal()}) is present, without boxing. */
    public boolean has(int ordinal) {
        return (present & (1 << ordinal)) != 0;
    }

    /** Field {@code ordinal}'s value; meaningful only where {@link #has} says so. */
    public long value(int ordinal) {
        return values[ordinal];
    }

    byte[] toBytes() {
        BinaryOut out = new BinaryOut(2 + FIELDS * 4).writeInt(FORMAT).writeLong(present);
        for (int i = 0; i < FIELDS; i++) {
            if ((present & (1 << i)) != 0) {
                out.writeLong(values[i]);
            }
        }
        return out.toBytes();
    }

    static MemoryPoint fromBytes(byte[] bytes) {
        BinaryIn in = new BinaryIn(bytes);
        in.readVersion(FORMAT, "memory point");
        int present = in.readInt();
        long[] values = new long[FIELDS];
        for (int i = 0; i < FIELDS; i++) {
            if ((present & (1 << i)) != 0) {
                values[i] = in.readLong();
            }
        }
        return new MemoryPoint(values, present);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof MemoryPoint that && present == that.present && Arrays.equals(values, that.values);
    }

    @Override
    public int hashCode() {
        return 31 * present + Arrays.hashCode(values);
    }
}
