package io.memfleet.schema.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.memfleet.schema.SampleRecord;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * The record decoders against generated input: random bytes, and valid JSON and Avro payloads of
 * every record type with bytes flipped, cut, repeated or spliced in. Whatever comes, a decode
 * either returns a record or throws {@link RecordDecodeException} — no other exception, no hang
 * (jqwik's run is bounded by the test's time), no allocation of what a garbled length claims.
 */
class DecoderFuzzTest {

    private static final RecordCodec CODEC = new RecordCodec();

    @Property(tries = 3_000)
    void randomBytesDecodeOrFailWithTheProjectsException(@ForAll @Size(max = 2_000) byte[] payload) {
        assertDecodesOrRejects(payload, null);
        assertDecodesOrRejects(payload, WireFormat.AVRO.contentType());
        assertDecodesOrRejects(payload, WireFormat.JSON.contentType());
    }

    @Property(tries = 5_000)
    void mutatedPayloadsDecodeOrFailWithTheProjectsException(@ForAll("mutatedPayloads") byte[] payload) {
        assertDecodesOrRejects(payload, null);
    }

    @Provide
    Arbitrary<byte[]> mutatedPayloads() {
        List<byte[]> valid = SampleRecords.all().stream()
                .filter(record -> record instanceof SampleRecord)
                .flatMap(record -> java.util.stream.Stream.of(CODEC.encode(record, WireFormat.JSON),
                        CODEC.encode(record, WireFormat.AVRO)))
                .toList();
        Arbitrary<byte[]> base = Arbitraries.of(valid);
        return Combinators.combine(base, Arbitraries.integers().between(0, 4), Arbitraries.integers().between(0, 1 << 20),
                Arbitraries.integers().between(0, 1 << 20), Arbitraries.bytes())
                .as(DecoderFuzzTest::mutate);
    }

    private static byte[] mutate(byte[] valid, int how, int at, int length, byte value) {
        int position = at % valid.length;
        return switch (how) {
            case 0 -> { // flip one byte
                byte[] copy = valid.clone();
                copy[position] = value;
                yield copy;
            }
            case 1 -> Arrays.copyOf(valid, position); // cut
            case 2 -> { // a length or count byte turned huge: Avro varints and JSON numbers alike
                byte[] copy = valid.clone();
                copy[position] = (byte) 0xfe;
                if (position + 1 < copy.length) {
                    copy[position + 1] = (byte) 0xff;
                }
                yield copy;
            }
            case 3 -> { // a run repeated: nesting, long strings
                int run = Math.min(valid.length - position, 1 + length % 64);
                byte[] copy = Arrays.copyOf(valid, valid.length + run * 20);
                for (int k = 0; k < 20; k++) {
                    System.arraycopy(valid, position, copy, position + run * (k + 1), run);
                }
                System.arraycopy(valid, position, copy, position + run * 21 - run, valid.length - position);
                yield Arrays.copyOf(copy, valid.length + run * 20);
            }
            default -> { // JSON text spliced in
                String splice = List.of("{", "}", "[", "]", "\"", ",", "null", "1e999999", "-", "\"mappings\":[",
                        "\\u0000", "\"seq\":\"x\"").get(length % 12);
                byte[] insert = splice.getBytes(StandardCharsets.UTF_8);
                byte[] copy = new byte[valid.length + insert.length];
                System.arraycopy(valid, 0, copy, 0, position);
                System.arraycopy(insert, 0, copy, position, insert.length);
                System.arraycopy(valid, position, copy, position + insert.length, valid.length - position);
                yield copy;
            }
        };
    }

    private static void assertDecodesOrRejects(byte[] payload, String contentType) {
        try {
            SampleRecord record = CODEC.decodeSample(payload, contentType);
            assertThat(record).isNotNull();
            assertThat(record.hostId()).isNotNull();
        } catch (RecordDecodeException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }
}
