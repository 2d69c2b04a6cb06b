package io.memfleet.aggregator.codec;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * Reads what {@link BinaryOut} wrote, straight from the byte array (Avro has static encoders but
 * no static decoders, and its {@code BinaryDecoder} costs a buffer set-up and a bounds check per
 * call). Every read of a truncated or garbled value ends in a {@link StateFormatException}, never
 * in an out-of-memory or an endless loop: counts are checked against the bytes left before
 * anything is allocated.
 */
public final class BinaryIn {

    private final byte[] bytes;
    private final int end;
    private final int length;
    private int position;

    public BinaryIn(byte[] bytes) {
        this(bytes, 0, bytes.length);
    }

    public BinaryIn(byte[] bytes, int offset, int length) {
        this.bytes = bytes;
        this.position = offset;
        this.end = offset + length;
        this.length = length;
    }

    /** A zig-zag varint: seven bits a byte, low groups first, the high bit set on all but the last. */
    public long readLong() {
        long raw = 0;
        for (int shift = 0; shift < Long.SIZE; shift += 7) {
            byte b = next();
            raw |= (long) (b & 0x7f) << shift;
            if (b >= 0) {
                return (raw >>> 1) ^ -(raw & 1);
            }
        }
        throw new StateFormatException("garbled state value: a varint longer than a long");
    }

    public int readInt() {
        long value = readLong();
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw new StateFormatException("state value holds " + value + " where an int belongs");
        }
        return (int) value;
    }

    public boolean readBoolean() {
        byte b = next();
        if (b != 0 && b != 1) {
            throw new StateFormatException("garbled state value: " + b + " where a boolean belongs");
        }
        return b == 1;
    }

    /** Eight bytes, little-endian, as Avro writes a double. */
    public double readDouble() {
        need(Double.BYTES);
        long bits = 0;
        for (int i = Double.BYTES - 1; i >= 0; i--) {
            bits = (bits << 8) | (bytes[position + i] & 0xffL);
        }
        position += Double.BYTES;
        return Double.longBitsToDouble(bits);
    }

    public String readString() {
        int size = readCount();
        need(size);
        String value = new String(bytes, position, size, StandardCharsets.UTF_8);
        position += size;
        return value;
    }

    public byte[] readBytes() {
        int size = readCount();
        need(size);
        byte[] value = Arrays.copyOfRange(bytes, position, position + size);
        position += size;
        return value;
    }

    public Long readNullableLong() {
        return readBoolean() ? readLong() : null;
    }

    public String readNullableString() {
        return readBoolean() ? readString() : null;
    }

    public <E extends Enum<E>> E readNullableEnum(Class<E> type) {
        String name = readNullableString();
        if (name == null) {
            return null;
        }
        try {
            return Enum.valueOf(type, name);
        } catch (IllegalArgumentException e) {
            throw new StateFormatException("unknown " + type.getSimpleName() + " '" + name + "' in a state value", e);
        }
    }

    public long[] readLongs() {
        long[] values = new long[readCount()];
        for (int i = 0; i < values.length; i++) {
            values[i] = readLong();
        }
        return values;
    }

    /** What {@link BinaryOut#writeDeltaLongs} wrote. */
    public long[] readDeltaLongs() {
        long[] values = new long[readCount()];
        long previous = 0;
        for (int i = 0; i < values.length; i++) {
            previous += readLong();
            values[i] = previous;
        }
        return values;
    }

    public int[] readInts() {
        int[] values = new int[readCount()];
        for (int i = 0; i < values.length; i++) {
            values[i] = readInt();
        }
        return values;
    }

    /** What {@link BinaryOut#writeList} wrote; null for a null list. */
    public <T> List<T> readList(Function<BinaryIn, T> element) {
        long size = readLong();
        if (size == -1) {
            return null;
        }
        List<T> values = new ArrayList<>(checkedCount(size));
        for (long i = 0; i < size; i++) {
            values.add(element.apply(this));
        }
        return values;
    }

    /**
     * The format version a value starts with, which must be {@code expected}: a value of any other
     * format (another memfleet version's, or not a state value at all) is refused, not misread. A
     * release that changes a value's layout gives it the next format and, as its upgrade path,
     * reads the format before as well, with a test.
     *
     * @param what the value's type, as the exception names it ("process state")
     */
    public void readVersion(int expected, String what) {
        long version = readLong();
        if (version != expected) {
            throw new StateFormatException(what + " in format " + version + ", but this aggregator reads only format "
                    + expected + " (written by another memfleet version, or not a state value)");
        }
    }

    /** A count of elements that follow, checked against the bytes left before anyone allocates for them. */
    public int readCount() {
        return checkedCount(readLong());
    }

    private byte next() {
        need(1);
        return bytes[position++];
    }

    private void need(int size) {
        if (size > end - position) {
            throw new StateFormatException("truncated state value: " + size + " more bytes wanted, "
                    + (end - position) + " left");
        }
    }

    /** Every element takes at least one byte: a count above what is left is garbage. */
    private int checkedCount(long size) {
        if (size < 0 || size > length) {
            throw new StateFormatException("state value claims " + size + " elements in " + length + " bytes");
        }
        return (int) size;
    }
}
