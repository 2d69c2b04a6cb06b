package io.memfleet.schema.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.memfleet.schema.HostHeartbeat;
import io.memfleet.schema.ProcessExit;
import io.memfleet.schema.ProcessSample;
import io.memfleet.schema.SampleRecord;
import java.nio.charset.StandardCharsets;
import org.apache.avro.SchemaNormalization;
import org.junit.jupiter.api.Test;

/**
 * An aggregator of this version reads the stream a collector of the previous one wrote. Avro's
 * single-object encoding names the writer's schema by fingerprint, so the schemas of the records
 * the previous version wrote must keep theirs: new information travels in new record types
 * ({@code MappingsPart}), never in a changed ProcessSample, ProcessExit or HostHeartbeat.
 */
class PreviousVersionTest {

    private final RecordCodec codec = new RecordCodec();

    @Test
    void shouldKeepTheFingerprintsOfEveryRecordThePreviousVersionWrote() {
        assertThat(fingerprint(ProcessSample.class)).isEqualTo("097aa4c8f6c9fdad");
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

    private static String fingerprint(Class<?> type) {
        return String.format("%016x", SchemaNormalization.parsingFingerprint64(AvroSchemas.of(type)));
    }
}
