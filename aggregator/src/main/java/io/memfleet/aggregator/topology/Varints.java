package io.memfleet.aggregator.topology;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import org.apache.avro.io.BinaryData;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;

/** Zig-zag varint longs, Avro's encoding: small numbers in one or two bytes. */
final class Varints {

    private Varints() {
    }

    /** Accumulates varints into a byte array. */
    static final class Writer {
        private byte[] buffer;
        private int position;

        Writer(int expectedLongs) {
            buffer = new byte[1 + expectedLongs * 10];
        }

        Writer put(long value) {
            if (position + 10 > buffer.length) {
                buffer = Arrays.copyOf(buffer, buffer.length * 2);
            }
            position += BinaryData.encodeLong(value, buffer, position);
            return this;
        }

        byte[] toBytes() {
            return Arrays.copyOf(buffer, position);
        }
    }

    /** Reads varints back. */
    static final class Reader {
        private final BinaryDecoder decoder;

        Reader(byte[] bytes) {
            decoder = DecoderFactory.get().binaryDecoder(bytes, null);
        }

        long next() {
            try {
                return decoder.readLong();
            } catch (IOException e) {
                throw new UncheckedIOException("truncated history record", e);
            }
        }
    }
}
