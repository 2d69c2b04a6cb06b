package io.memfleet.schema.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.memfleet.schema.HostHeartbeat;
import io.memfleet.schema.ProcessExit;
import io.memfleet.schema.ProcessSample;
import io.memfleet.schema.SampleRecord;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.SchemaNormalization;
import org.junit.jupiter.api.Test;

/**
 * An aggregator of this version reads the stream a collector of the previous one wrote. Avro's
 * single-object encoding names the writer's schema by fingerprint, so a record type whose schema
 * changed keeps its earlier schemas registered ({@code AvroSchemas.previous}): ProcessSample gained
 * the identity fields at the end, with null defaults, and a record written before decodes with them
 * null. ProcessExit and HostHeartbeat are unchanged.
 */
class PreviousVersionTest {

    private final RecordCodec codec = new RecordCodec();

    @Test
    void shouldKeepTheFingerprintsOfEveryRecordThePreviousVersionWrote() {
        assertThat(AvroSchemas.previous(ProcessSample.class)).extracting(PreviousVersionTest::fingerprint)
                .containsExactly("097aa4c8f6c9fdad");
        assertThat(fingerprint(ProcessExit.class)).isEqualTo("a848b052d5623738");
        assertThat(fingerprint(HostHeartbeat.class)).isEqualTo("e4d47d6d7fa1424e");
    }

    @Test
    void shouldReadAJsonSampleWrittenByThePreviousVersion() {
        String previous = "{\"recordType\":\"ProcessSample\",\"runId\":\"r\",\"seq\":1,\"hostId\":\"h\",\"bootId\":\"b\","
                + "\"pid\":7,\"startTime\":9,\"ppid\":1,\"name\":\"x\",\"uid\":0,\"state\":\"S\",\"threads\":1,"
                + "\"sampledAt\":1000,\"mapCount\":1,\"mapsDigest\":\"d\",\"mappings\":[{\"start\":\"1000\","
                + "\"end\":\"2000\",\"perms\":\"r--p\",\"offset\":0,\"dev\":\"00:00\",\"inode\":0,\"path\":\"\","
                + "\"kind\":\"ANON\"}]}";

        SampleRecord record = codec.decodeSample(previous.getBytes(StandardCharsets.UTF_8), null);

        assertThat(record).isInstanceOfSatisfying(ProcessSample.class,
                sample -> assertThat(sample.mappings()).hasSize(1));
    }

    @Test
    void shouldPinTheCurrentProcessSampleFingerprint() {
        // Changing it again means adding this one to AvroSchemas.previous, as 097aa4c8f6c9fdad was.
        assertThat(fingerprint(ProcessSample.class)).isEqualTo(CURRENT_PROCESS_SAMPLE);
    }

    @Test
    void shouldReadAnAvroSampleWrittenWithThePreviousSchema() throws Exception {
        Schema previous = AvroSchemas.previous(ProcessSample.class).get(0);
        ProcessSample sample = SampleRecords.processSample();
        ByteBuffer written = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), previous)
                .encode(AvroRecordMapper.toAvro(sample.withIdentity(null, null, null, null, null), previous));
        byte[] payload = new byte[written.remaining()];
        written.get(payload);

        SampleRecord decoded = codec.decodeSample(payload, null);

        assertThat(decoded).isEqualTo(sample.withIdentity(null, null, null, null, null));
    }

    @Test
    void shouldReadAnAvroSampleWithIdentity() {
        ProcessSample sample = SampleRecords.processSample().withIdentity("/usr/sbin/nginx (deleted)", "0123abcd",
                "/system.slice/nginx.service", "nginx.service", null);
        assertThat(codec.decodeSample(new AvroCodec().encode(sample), null)).isEqualTo(sample);
    }

    private static final String CURRENT_PROCESS_SAMPLE = "67c6b8070db6558d";

    private static String fingerprint(Class<?> type) {
        return fingerprint(AvroSchemas.of(type));
    }

    private static String fingerprint(Schema schema) {
        return String.format("%016x", SchemaNormalization.parsingFingerprint64(schema));
    }
}
