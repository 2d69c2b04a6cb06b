package io.memfleet.schema.kafka;

import io.memfleet.schema.SampleRecord;
import io.memfleet.schema.codec.RecordCodec;
import io.memfleet.schema.codec.RecordDecodeException;
import io.memfleet.schema.codec.WireFormat;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka serde for {@code memfleet.samples}: writes the chosen format and says which in the
 * {@value WireFormat#CONTENT_TYPE_HEADER} header; reads either. A payload that cannot be decoded
 * becomes a {@link SerializationException}, which Kafka clients and Streams' deserialization
 * handlers report with topic, partition and offset.
 */
public final class SampleRecordSerde implements Serde<SampleRecord> {

    private final RecordCodec codec = new RecordCodec();
    private final WireFormat writeFormat;
    private final byte[] contentType;

    public SampleRecordSerde(WireFormat writeFormat) {
        this.writeFormat = writeFormat;
        this.contentType = writeFormat.contentType().getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public Serializer<SampleRecord> serializer() {
        return new Serializer<>() {
            @Override
            public byte[] serialize(String topic, SampleRecord data) {
                return data == null ? null : codec.encode((Record) data, writeFormat);
            }

            @Override
            public byte[] serialize(String topic, Headers headers, SampleRecord data) {
                if (data == null) {
                    return null;
                }
                headers.remove(WireFormat.CONTENT_TYPE_HEADER).add(WireFormat.CONTENT_TYPE_HEADER, contentType);
                return serialize(topic, data);
            }
        };
    }

    @Override
    public Deserializer<SampleRecord> deserializer() {
        return new Deserializer<>() {
            @Override
            public SampleRecord deserialize(String topic, byte[] data) {
                return decode(data, null);
            }

            @Override
            public SampleRecord deserialize(String topic, Headers headers, byte[] data) {
                Header header = headers == null ? null : headers.lastHeader(WireFormat.CONTENT_TYPE_HEADER);
                return decode(data, header == null ? null : new String(header.value(), StandardCharsets.UTF_8));
            }
        };
    }

    private SampleRecord decode(byte[] data, String contentType) {
        if (data == null) {
            return null;
        }
        try {
            return codec.decodeSample(data, contentType);
        } catch (RecordDecodeException e) {
            throw new SerializationException(e.getMessage(), e);
        }
    }
}
