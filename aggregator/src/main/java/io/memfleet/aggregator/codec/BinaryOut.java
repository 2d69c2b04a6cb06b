package io.memfleet.aggregator.codec;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiConsumer;
import org.apache.avro.io.BinaryData;

/**
 * Writes a state value in Avro's binary primitives (zig-zag varints, little-endian doubles,
 * length-prefixed UTF-8) without a schema: the value's own {@code write} method is the schema, and
 * its first byte a format version. State stores are read and written on every sample, so this
 * writes straight into a byte array with Avro's static {@link BinaryData} encoders: an Avro
 * {@code BinaryEncoder} over a {@code ByteArrayOutputStream} spent a tenth of the stream thread
 * in the stream's synchronized writes and regrowth for the heap detector's rings alone.
 */
public final class BinaryOut {

    /** The most bytes a varint long takes. */
    private static final int MAX_VARLONG = 10;

    private byte[] buffer;
    private int position;

    /** @param expectedSize a guess at the value's size; a good one saves copying as it grows */
    public BinaryOut(int expectedSize) {
        buffer = new byte[Math.max(16, expectedSize)];
    }

    private void ensure(int more) {
        if (position + more > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, position + more));
        }
    }

    public BinaryOut writeLong(long value) {
        ensure(MAX_VARLONG);
        position += BinaryData.encodeLong(value, buffer, position);
        return this;
    }

    public BinaryOut writeInt(int value) {
        return writeLong(value);
    }

    public BinaryOut writeBoolean(boolean value) {
        ensure(1);
        buffer[position++] = (byte) (value ? 1 : 0);
        return this;
    }

    public BinaryOut writeDouble(double value) {
        ensure(Double.BYTES);
        position += BinaryData.encodeDouble(value, buffer, position);
        return this;
    }

    public BinaryOut writeString(String value) {
        return writeBytes(value.getBytes(StandardCharsets.UTF_8));
    }

    public BinaryOut writeBytes(byte[] value) {
        writeLong(value.length);
        ensure(value.length);
        System.arraycopy(value, 0, buffer, position, value.length);
        position += value.length;
        return this;
    }

    /** A presence flag, then the value if present. */
    public BinaryOut writeNullableLong(Long value) {
        writeBoolean(value != null);
        return value == null ? this : writeLong(value);
    }

    public BinaryOut writeNullableString(String value) {
        writeBoolean(value != null);
        return value == null ? this : writeString(value);
    }

    public <E extends Enum<E>> BinaryOut writeNullableEnum(E value) {
        return writeNullableString(value == null ? null : value.name());
    }

    public BinaryOut writeLongs(long[] values) {
        writeInt(values.length);
        for (long value : values) {
            writeLong(value);
        }
        return this;
    }

    /**
     * Longs as the first and then each one's difference from the one before: series of nearby
     * values (memory sizes in kB, minute after minute) take a byte or two each instead of three or four.
     */
    public BinaryOut writeDeltaLongs(long[] values) {
        writeInt(values.length);
        long previous = 0;
        for (long value : values) {
            writeLong(value - previous);
            previous = value;
        }
        return this;
    }

    public BinaryOut writeInts(int[] values) {
        writeInt(values.length);
        for (int value : values) {
            writeLong(value);
        }
        return this;
    }

    /** A count, then each element as {@code element} writes it; null is written as -1. */
    public <T> BinaryOut writeList(List<T> values, BiConsumer<BinaryOut, T> element) {
        if (values == null) {
            return writeInt(-1);
        }
        writeInt(values.size());
        for (T value : values) {
            element.accept(this, value);
        }
        return this;
    }

    public byte[] toBytes() {
        return Arrays.copyOf(buffer, position);
    }
}
