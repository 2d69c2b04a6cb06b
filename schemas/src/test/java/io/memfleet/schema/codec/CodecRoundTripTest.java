package io.memfleet.schema.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.memfleet.schema.Anomaly;
import io.memfleet.schema.Mapping;
import io.memfleet.schema.MappingKind;
import io.memfleet.schema.ProcessSample;
import io.memfleet.schema.SampleRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CodecRoundTripTest {

    private final RecordCodec codec = new RecordCodec();

    static Stream<Arguments> recordsAndFormats() {
        List<Arguments> cases = new ArrayList<>();
        for (Record record : SampleRecords.all()) {
            for (WireFormat format : WireFormat.values()) {
                cases.add(Arguments.of(record.getClass().getSimpleName(), format, record));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} via {1}")
    @MethodSource("recordsAndFormats")
    void shouldRoundTripEveryRecordTypeInBothFormats(String name, WireFormat format, Record record) {
        byte[] bytes = codec.encode(record, format);

        Object decoded = record instanceof SampleRecord
                ? codec.decodeSample(bytes, format.contentType())
                : codec.decode(bytes, format.contentType(), record.getClass());

        assertThat(decoded).isEqualTo(record);
    }

    @ParameterizedTest(name = "{0} via {1}")
    @MethodSource("recordsAndFormats")
    void shouldRecogniseTheFormatWithoutAContentTypeHeader(String name, WireFormat format, Record record) {
        byte[] bytes = codec.encode(record, format);

        assertThat(codec.decode(bytes, null, record.getClass())).isEqualTo(record);
    }

    @ParameterizedTest
    @MethodSource("formats")
    void shouldKeepAnUnsignedAddressAboveLongMaxValue(WireFormat format) {
        ProcessSample sample = SampleRecords.processSample();
        Mapping vsyscall = sample.mappings().get(sample.mappings().size() - 1);
        assertThat(vsyscall.start()).isNegative(); // the bits of 0xffffffffff600000 as a signed long

        ProcessSample decoded = (ProcessSample) codec.decodeSample(codec.encode(sample, format), null);

        Mapping decodedVsyscall = decoded.mappings().get(decoded.mappings().size() - 1);
        assertThat(Long.toUnsignedString(decodedVsyscall.start(), 16)).isEqualTo("ffffffffff600000");
        assertThat(Long.toUnsignedString(decodedVsyscall.end(), 16)).isEqualTo("ffffffffff601000");
        assertThat(decodedVsyscall.kind()).isEqualTo(MappingKind.VSYSCALL);
        assertThat(decodedVsyscall.sizeBytes()).isEqualTo(4096);
    }

    static Stream<WireFormat> formats() {
        return Stream.of(WireFormat.values());
    }

    @Test
    void shouldWriteReadableJsonWithKernelStyleHexAddressesAndNoAbsentFields() throws Exception {
        byte[] json = codec.encode(SampleRecords.kernelThread(), WireFormat.JSON);
        JsonNode tree = new ObjectMapper().readTree(json);

        assertThat(tree.get("recordType").asText()).isEqualTo("ProcessSample");
        assertThat(tree.get("name").asText()).isEqualTo("kthreadd");
        assertThat(tree.has("vmRssKb")).as("absent, not zero, for a kernel thread").isFalse();

        JsonNode mapping = new ObjectMapper().readTree(codec.encode(SampleRecords.processSample(), WireFormat.JSON))
                .get("mappings").get(6);
        assertThat(mapping.get("start").asText()).isEqualTo("ffffffffff600000");
        assertThat(mapping.get("path").asText()).isEqualTo("[vsyscall]");
        assertThat(mapping.get("kind").asText()).isEqualTo("VSYSCALL");
    }

    @Test
    void shouldKeepPathsExactlyAsTheKernelWroteThem() {
        ProcessSample sample = SampleRecords.processSample();
        for (WireFormat format : WireFormat.values()) {
            ProcessSample decoded = (ProcessSample) codec.decodeSample(codec.encode(sample, format), null);
            assertThat(decoded.mappings()).extracting(Mapping::path).containsExactly("/usr/bin/my daemon", "[heap]",
                    "/memfd:jit (deleted)", "[anon:libc_malloc]", "", "[stack]", "[vsyscall]");
        }
    }

    @Test
    void shouldKeepEvidenceInTheDetectorsOrder() {
        Anomaly anomaly = SampleRecords.anomaly();
        for (WireFormat format : WireFormat.values()) {
            Anomaly decoded = codec.decode(codec.encode(anomaly, format), null, Anomaly.class);
            assertThat(decoded.evidence().keySet()).containsExactly("mapping", "slopeKbPerHour");
        }
    }

    @Test
    void shouldMakeAvroSmallerThanJson() {
        ProcessSample sample = SampleRecords.processSample();
        assertThat(codec.encode(sample, WireFormat.AVRO).length)
                .isLessThan(codec.encode(sample, WireFormat.JSON).length / 2);
    }
}
