package io.memfleet.schema.kafka;

import io.memfleet.schema.Anomaly;
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
 * Kafka serde for {@code memfleet.anomalies}: JSON by default (alerting pipelines read it with
 * any JSON parser), Avro on request; the {@value WireFormat#CONTENT_TYPE_HEADER} header says which.
 */
public final class AnomalySerde implements Serde<Anomaly> {

    private final RecordCodec codec = new RecordCodec();
    private final WireFormat writeFormat;
    private final byte[] contentType;

    public AnomalySerde(WireFormat writeFormat) {
        this.writeFormat = writeFormat;
        this.contentType = writeFormat.contentType().getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public Serializer<Anomaly> serializer() {
        return new Serializer<>() {
            @Override
            public byte[] serialize(String topic, Anomaly data) {
                return data == null ? null : codec.encode(data, writeFormat);
            }

            @Override
            public byte[] serialize(String topic, Headers headers, Anomaly data) {
                if (data != null) {
                    headers.remove(WireFormat.CONTENT_TYPE_HEADER).add(WireFormat.CONTENT_TYPE_HEADER, contentType);
                }
                return serialize(topic, data);
            }
        };
    }

    @Override
    public Deserializer<Anomaly> deserializer() {
        return new Deserializer<>() {
            @Override
            public Anomaly deserialize(String topic, byte[] data) {
                return deserialize(topic, null, data);
            }

            @Override
            public Anomaly deserialize(String topic, Headers headers, byte[] data) {
                if (data == null) {
                    return null;
                }
                Header header = headers == null ? null : headers.lastHeader(WireFormat.CONTENT_TYPE_HEADER);
                try {
                    return codec.decode(data, header == null ? null : new String(header.value(), StandardCharsets.UTF_8),
                            Anomaly.class);
                } catch (RecordDecodeException e) {
                    throw new SerializationException(e.getMessage(), e);
                }
            }
        };
    }
}
