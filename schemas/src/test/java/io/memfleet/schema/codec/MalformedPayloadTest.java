package io.memfleet.schema.codec;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memfleet.schema.ProcessSample;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Every bad payload gives a {@link RecordDecodeException} that says what is wrong, never a partial record. */
class MalformedPayloadTest {

    private final RecordCodec codec = new RecordCodec();

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void shouldRejectGarbageBytes() {
        assertThatThrownBy(() -> codec.decodeSample(new byte[] {1, 2, 3, 4, 5}, null))
                .isInstanceOf(RecordDecodeException.class)
                .hasMessageContaining("neither Avro single-object encoding nor a JSON object");
    }

    @Test
    void shouldRejectAnEmptyPayload() {
        assertThatThrownBy(() -> codec.decodeSample(new byte[0], null))
                .isInstanceOf(RecordDecodeException.class).hasMessageContaining("empty");
    }

    @Test
    void shouldRejectTruncatedAvroAtEveryLength() {
        byte[] full = codec.encode(SampleRecords.processSample(), WireFormat.AVRO);
        for (int length = 0; length < full.length; length += 7) {
            byte[] truncated = Arrays.copyOf(full, length);
            assertThatThrownBy(() -> codec.decodeSample(truncated, WireFormat.AVRO.contentType()))
                    .as("truncated to %d of %d bytes", length, full.length)
                    .isInstanceOf(RecordDecodeException.class);
        }
    }

    @Test
    void shouldRejectAvroOfAnUnknownSchemaVersion() {
        byte[] payload = codec.encode(SampleRecords.heartbeat(), WireFormat.AVRO);
        payload[5] ^= 0x5a; // corrupt the fingerprint: as if written with a schema this reader never saw

        assertThatThrownBy(() -> codec.decodeSample(payload, null))
                .isInstanceOf(RecordDecodeException.class)
                .hasMessageContaining("unknown Avro schema fingerprint");
    }

    @Test
    void shouldRejectAvroOfTheWrongRecordType() {
        byte[] payload = codec.encode(SampleRecords.anomaly(), WireFormat.AVRO);

        assertThatThrownBy(() -> codec.decodeSample(payload, null))
                .isInstanceOf(RecordDecodeException.class)
                .hasMessageContaining("expected SampleRecord but the payload holds Anomaly");
    }

    @Test
    void shouldRejectTruncatedJson() {
        byte[] full = codec.encode(SampleRecords.processSample(), WireFormat.JSON);
        byte[] truncated = Arrays.copyOf(full, full.length / 2);

        assertThatThrownBy(() -> codec.decodeSample(truncated, WireFormat.JSON.contentType()))
                .isInstanceOf(RecordDecodeException.class).hasMessageContaining("malformed JSON");
    }

    @Test
    void shouldRejectJsonWithoutARecordType() {
        assertThatThrownBy(() -> codec.decodeSample(utf8("{\"pid\": 1}"), null))
                .isInstanceOf(RecordDecodeException.class).hasMessageContaining("no recordType");
    }

    @Test
    void shouldRejectJsonOfAnUnknownRecordType() {
        assertThatThrownBy(() -> codec.decodeSample(utf8("{\"recordType\": \"Banana\"}"), null))
                .isInstanceOf(RecordDecodeException.class).hasMessageContaining("unknown recordType 'Banana'");
    }

    @Test
    void shouldRejectJsonThatIsNotAnObject() {
        assertThatThrownBy(() -> codec.decodeSample(utf8("[1, 2, 3]"), WireFormat.JSON.contentType()))
                .isInstanceOf(RecordDecodeException.class).hasMessageContaining("must be an object");
    }

    @Test
    void shouldNameTheMissingRequiredField() {
        String json = new String(codec.encode(SampleRecords.processSample(), WireFormat.JSON), StandardCharsets.UTF_8)
                .replace("\"pid\":4242,", "");

        assertThatThrownBy(() -> codec.decodeSample(utf8(json), null))
                .isInstanceOf(RecordDecodeException.class)
                .hasMessage("ProcessSample lacks required field 'pid'");
    }

    @Test
    void shouldNameAMissingFieldInsideAMapping() {
        String json = new String(codec.encode(SampleRecords.processSample(), WireFormat.JSON), StandardCharsets.UTF_8)
                .replace("\"perms\":\"rw-p\",", "");

        assertThatThrownBy(() -> codec.decodeSample(utf8(json), null))
                .isInstanceOf(RecordDecodeException.class)
                .hasMessage("ProcessSample.mappings[1] lacks required field 'perms'");
    }

    @Test
    void shouldRejectJsonOfTheWrongShape() {
        String json = new String(codec.encode(SampleRecords.processSample(), WireFormat.JSON), StandardCharsets.UTF_8)
                .replace("\"pid\":4242", "\"pid\":\"4242\"");

        assertThatThrownBy(() -> codec.decodeSample(utf8(json), null))
                .isInstanceOf(RecordDecodeException.class).hasMessageContaining("does not fit ProcessSample");
    }

    @Test
    void shouldRejectAFractionForACount() {
        String json = new String(codec.encode(SampleRecords.processSample(), WireFormat.JSON), StandardCharsets.UTF_8)
                .replace("\"threads\":31", "\"threads\":31.5");

        assertThatThrownBy(() -> codec.decode(utf8(json), null, ProcessSample.class))
                .isInstanceOf(RecordDecodeException.class);
    }

    @Test
    void shouldRejectANonHexAddress() {
        String json = new String(codec.encode(SampleRecords.processSample(), WireFormat.JSON), StandardCharsets.UTF_8)
                .replace("ffffffffff600000", "not-an-address");

        assertThatThrownBy(() -> codec.decodeSample(utf8(json), null))
                .isInstanceOf(RecordDecodeException.class).hasMessageContaining("hex address");
    }

    @Test
    void shouldRejectAnUnsupportedContentType() {
        byte[] json = codec.encode(SampleRecords.processSample(), WireFormat.JSON);

        assertThatThrownBy(() -> codec.decodeSample(json, "text/csv"))
                .isInstanceOf(RecordDecodeException.class).hasMessageContaining("unsupported content-type 'text/csv'");
    }

    @Test
    void shouldRejectTrailingGarbageAfterJson() {
        byte[] json = utf8(new String(codec.encode(SampleRecords.heartbeat(), WireFormat.JSON), StandardCharsets.UTF_8)
                + " {\"more\": 1}");

        assertThatThrownBy(() -> codec.decodeSample(json, null)).isInstanceOf(RecordDecodeException.class);
    }

    @Test
    void shouldRefuseAGarbledLengthWithoutAllocatingWhatItClaims() {
        byte[] payload = codec.encode(SampleRecords.heartbeat(), WireFormat.AVRO);
        // The datum's first field is the run id, a string: its zig-zag varint length now claims 50 MiB.
        byte[] claim = {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x32};
        byte[] garbled = new byte[payload.length + claim.length - 1];
        System.arraycopy(payload, 0, garbled, 0, 10);
        System.arraycopy(claim, 0, garbled, 10, claim.length);
        System.arraycopy(payload, 11, garbled, 10 + claim.length, payload.length - 11);

        assertThatThrownBy(() -> codec.decodeSample(garbled, null)).isInstanceOf(RecordDecodeException.class)
                .hasMessageContaining("exceeds maximum allowed");
    }
}
