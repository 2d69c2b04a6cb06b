package io.memfleet.aggregator.codec;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;

/**
 * Reads what {@link BinaryOut} wrote. Every read of a truncated or garbled value ends in a
 * {@link StateFormatException}, never in an out-of-memory or an endless loop: counts are checked
 * against the bytes left before anything is allocated.
 */
public final class BinaryIn {

    private final BinaryDecoder decoder;
    private final int length;

    public BinaryIn(byte[] bytes) {
        this(bytes, 0, bytes.length);
    }

    public BinaryIn(byte[] bytes, int offset, int length) {
        this.decoder = DecoderFactory.get().binaryDecoder(bytes, offset, length, null);
        this.length = length;
    }

    public long readLong() {
        try {
            return decoder.readLong();
        } catch (IOException | RuntimeException e) {
            throw new StateFormatException("truncated or garbled state value", e);
        }
    }

    public int readInt() {
        long value = readLong();
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw new StateFormatException("state value holds " + value + " where an int belongs");
        }
        return (int) value;
    }

    public boolean readBoolean() {
        try {
            return decoder.readBoolean();
        } catch (IOException | RuntimeException e) {
            throw new StateFormatException("truncated or garbled state value", e);
        }
    }

    public double readDouble() {
        try {
            return decoder.readDouble();
        } catch (IOException | RuntimeException e) {
            throw new StateFormatException("truncated or garbled state value", e);
        }
    }

    public String readString() {
        try {
            return decoder.readString();
        } catch (IOException | RuntimeException e) {
            throw new StateFormatException("truncated or garbled state value", e);
        }
    }

    public byte[] readBytes() {
        try {
            return decoder.readBytes(null).array();
        } catch (IOException | RuntimeException e) {
            throw new StateFormatException("truncated or garbled state value", e);
        }
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
        long[] values = new long[count()];
        for (int i = 0; i < values.length; i++) {
            values[i] = readLong();
        }
        return values;
    }

    /** What {@link BinaryOut#writeDeltaLongs} wrote. */
    public long[] readDeltaLongs() {
        long[] values = new long[count()];
        long previous = 0;
        for (int i = 0; i < values.length; i++) {
            previous += readLong();
            values[i] = previous;
        }
        return values;
    }

    public int[] readInts() {
        int[] values = new int[count()];
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

    /** A version byte written first: a value from a newer format is refused, not misread. */
    public int readVersion(int newestKnown, String what) {
        int version = readInt();
        if (version < 1 || version > newestKnown) {
            throw new StateFormatException(what + " in format " + version + ", which this aggregator does not know "
                    + "(it reads 1.." + newestKnown + ")");
        }
        return version;
    }

    private int count() {
        return checkedCount(readLong());
    }

    /** Every element takes at least one byte: a count above what is left is garbage. */
    private int checkedCount(long size) {
        if (size < 0 || size > length) {
            throw new StateFormatException("state value claims " + size + " elements in " + length + " bytes");
        }
        return (int) size;
    }
}
