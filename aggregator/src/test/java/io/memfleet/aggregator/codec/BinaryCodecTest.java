package io.memfleet.aggregator.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.Test;

/**
 * {@link BinaryOut} and {@link BinaryIn} write and read Avro's binary primitives by hand: the bytes
 * must be exactly what Avro's own encoder writes (so any Avro decoder can read a stored value while
 * debugging), and garbage must end in a {@link StateFormatException}.
 */
class BinaryCodecTest {

    private static final long[] LONGS = {0, 1, -1, 63, -64, 64, -65, 127, 128, 300, Integer.MAX_VALUE,
        Integer.MIN_VALUE, 1L << 35, -(1L << 35), Long.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE - 1};
    private static final double[] DOUBLES = {0.0, -0.0, 1.5, -2.25e-300, Double.MAX_VALUE, Double.MIN_VALUE,
        Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
    private static final List<String> STRINGS = List.of("", "a", "java", "/usr/lib/x86_64-linux-gnu/libc.so.6",
        "naïve ünïcode ✓ 𝄞", "x".repeat(300));

    @Test
    void writesExactlyWhatAvrosEncoderWrites() throws IOException {
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        BinaryEncoder avro = EncoderFactory.get().directBinaryEncoder(expected, null);
        BinaryOut ours = new BinaryOut(1); // grows many times on the way
        for (long value : LONGS) {
            avro.writeLong(value);
            ours.writeLong(value);
        }
        for (double value : DOUBLES) {
            avro.writeDouble(value);
            ours.writeDouble(value);
        }
        for (String value : STRINGS) {
            avro.writeString(value);
            ours.writeString(value);
        }
        avro.writeBoolean(true);
        ours.writeBoolean(true);
        avro.writeBoolean(false);
        ours.writeBoolean(false);
        avro.writeBytes(new byte[] {1, 2, 3});
        ours.writeBytes(new byte[] {1, 2, 3});
        avro.flush();
        assertArrayEquals(expected.toByteArray(), ours.toBytes());
    }

    @Test
    void readsBackWhatItWrote() {
        long[] delta = {5_000_000, 5_000_004, 4_999_000, -1, -1, 7};
        byte[] bytes = new BinaryOut(8).writeLongs(LONGS).writeDeltaLongs(delta).writeInts(new int[] {3, -3})
                .writeNullableLong(null).writeNullableLong(-9L).writeNullableString(null).writeNullableString("é")
                .writeList(STRINGS, BinaryOut::writeString).writeList(null, BinaryOut::writeString)
                .writeDouble(Double.NaN).writeDouble(-0.0).writeBytes(new byte[0]).writeBoolean(true).toBytes();
        BinaryIn in = new BinaryIn(bytes);
        assertArrayEquals(LONGS, in.readLongs());
        assertArrayEquals(delta, in.readDeltaLongs());
        assertArrayEquals(new int[] {3, -3}, in.readInts());
        assertNull(in.readNullableLong());
        assertEquals(-9L, in.readNullableLong());
        assertNull(in.readNullableString());
        assertEquals("é", in.readNullableString());
        assertEquals(STRINGS, in.readList(BinaryIn::readString));
        assertNull(in.readList(BinaryIn::readString));
        assertEquals(Double.NaN, in.readDouble());
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(in.readDouble()));
        assertArrayEquals(new byte[0], in.readBytes());
        assertEquals(true, in.readBoolean());
    }

    @Test
    void readsAWindowOfALargerArray() {
        byte[] value = new BinaryOut(4).writeLong(-77).writeString("ok").toBytes();
        byte[] padded = new byte[value.length + 6];
        Arrays.fill(padded, (byte) 0xff);
        System.arraycopy(value, 0, padded, 3, value.length);
        BinaryIn in = new BinaryIn(padded, 3, value.length);
        assertEquals(-77, in.readLong());
        assertEquals("ok", in.readString());
        assertThrows(StateFormatException.class, in::readLong, "the window ends where the value does");
    }

    @Test
    void readsOnlyTheFormatVersionItExpects() {
        new BinaryIn(new BinaryOut(1).writeInt(2).toBytes()).readVersion(2, "thing");

        for (int other : new int[] {0, 1, 3, -1, Integer.MAX_VALUE}) {
            StateFormatException refused = assertThrows(StateFormatException.class,
                    () -> new BinaryIn(new BinaryOut(1).writeInt(other).toBytes()).readVersion(2, "thing"));
            assertEquals("thing in format " + other + ", but this aggregator reads only format 2 (written by another "
                    + "memfleet version, or not a state value)", refused.getMessage());
        }
    }

    @Test
    void garbageEndsInAStateFormatException() {
        byte[] full = new BinaryOut(16).writeLong(Long.MIN_VALUE).writeString("abc").writeDouble(1.0).toBytes();
        for (int cut = 0; cut < full.length; cut++) {
            BinaryIn in = new BinaryIn(Arrays.copyOf(full, cut));
            assertThrows(StateFormatException.class, () -> {
                in.readLong();
                in.readString();
                in.readDouble();
            }, "truncated to " + cut + " bytes");
        }
        byte[] overlong = new byte[11];
        Arrays.fill(overlong, (byte) 0x80);
        assertThrows(StateFormatException.class, () -> new BinaryIn(overlong).readLong(), "11-byte varint");
        assertThrows(StateFormatException.class, () -> new BinaryIn(new byte[] {2}).readBoolean(), "boolean 2");
        // A length prefix far beyond the value: refused before anything is allocated.
        byte[] huge = new BinaryOut(16).writeLong(Integer.MAX_VALUE).toBytes();
        assertThrows(StateFormatException.class, () -> new BinaryIn(huge).readString());
        assertThrows(StateFormatException.class, () -> new BinaryIn(huge).readLongs());
        byte[] negative = new BinaryOut(16).writeLong(-5).toBytes();
        assertThrows(StateFormatException.class, () -> new BinaryIn(negative).readBytes());
        assertThrows(StateFormatException.class, () -> new BinaryIn(new BinaryOut(4).writeLong(1L << 40).toBytes()).readInt());
    }
}
