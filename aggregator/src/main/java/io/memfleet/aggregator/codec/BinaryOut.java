package io.memfleet.aggregator.codec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.function.BiConsumer;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;

/**
 * Writes a state value in Avro's binary primitives (zig-zag varints, length-prefixed UTF-8) without
 * a schema: the value's own {@code write} method is the schema, and its first byte a format version.
 * State stores are read and written on every sample; this is several times cheaper than JSON and a
 * fraction of its size in the changelog.
 */
public final class BinaryOut {

    private final ByteArrayOutputStream bytes;
    private final BinaryEncoder encoder;

    public BinaryOut(int expectedSize) {
        bytes = new ByteArrayOutputStream(expectedSize);
        encoder = EncoderFactory.get().directBinaryEncoder(bytes, null);
    }

    public BinaryOut writeLong(long value) {
        try {
            encoder.writeLong(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not throw
        }
        return this;
    }

    public BinaryOut writeInt(int value) {
        return writeLong(value);
    }

    public BinaryOut writeBoolean(boolean value) {
        bytes.write(value ? 1 : 0);
        return this;
    }

    public BinaryOut writeDouble(double value) {
        try {
            encoder.writeDouble(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    public BinaryOut writeString(String value) {
        try {
            encoder.writeString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    public BinaryOut writeBytes(byte[] value) {
        try {
            encoder.writeBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
        return bytes.toByteArray();
    }
}
