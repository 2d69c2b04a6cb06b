package io.memfleet.aggregator.topology;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.memfleet.aggregator.codec.BinaryIn;
import io.memfleet.aggregator.codec.BinaryOut;
import io.memfleet.aggregator.codec.StateFormatException;
import io.memfleet.schema.codec.JsonCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * State store values as JSON, for values written rarely (readable in changelog topics), behind a
 * format version like the binary ones: a varint, then the JSON.
 */
final class JsonSerde {

    private static final ObjectMapper MAPPER = JsonCodec.newMapper();

    private JsonSerde() {
    }

    /** @param what the value's type, as a {@link StateFormatException} names it */
    static <T> Serde<T> of(Class<T> type, int format, String what) {
        byte[] header = new BinaryOut(1).writeInt(format).toBytes();
        Serializer<T> serializer = (topic, value) -> {
            if (value == null) {
                return null;
            }
            byte[] json;
            try {
                json = MAPPER.writeValueAsBytes(value);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + what + " as JSON", e);
            }
            byte[] bytes = new byte[header.length + json.length];
            System.arraycopy(header, 0, bytes, 0, header.length);
            System.arraycopy(json, 0, bytes, header.length, json.length);
            return bytes;
        };
        Deserializer<T> deserializer = (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            new BinaryIn(bytes).readVersion(format, what);
            try {
                return MAPPER.readValue(bytes, header.length, bytes.length - header.length, type);
            } catch (IOException e) {
                throw new StateFormatException("cannot read " + what + " from its JSON: " + e.getMessage(), e);
            }
        };
        return Serdes.serdeFrom(serializer, deserializer);
    }
}
