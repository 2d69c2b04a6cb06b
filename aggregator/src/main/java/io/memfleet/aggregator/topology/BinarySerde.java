package io.memfleet.aggregator.topology;

import io.memfleet.aggregator.codec.BinaryIn;
import io.memfleet.aggregator.codec.StateFormatException;
import java.util.function.Function;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A state store serde over {@code BinaryOut}/{@link BinaryIn}. Values written as JSON by earlier
 * aggregators (their first byte is '{'; a binary value starts with its format version, a small
 * varint) are handed to {@code legacy}, so a state directory or changelog from before keeps working.
 * The Kafka boundary of the codecs: a {@link StateFormatException} leaves it as the
 * {@link SerializationException} Kafka clients and Streams expect of a serde.
 */
public final class BinarySerde {

    private BinarySerde() {
    }

    public static <T> Serde<T> of(Function<T, byte[]> write, Function<BinaryIn, T> read,
                                  Function<byte[], T> legacy) {
        return of(write, bytes -> {
            if (bytes.length > 0 && bytes[0] == '{') {
                return legacy.apply(bytes);
            }
            return read.apply(new BinaryIn(bytes));
        });
    }

    /** A serde over a value's own byte form, with no earlier JSON form to read. */
    public static <T> Serde<T> of(Function<T, byte[]> write, Function<byte[], T> read) {
        Serializer<T> serializer = (topic, value) -> value == null ? null : write.apply(value);
        Deserializer<T> deserializer = (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            try {
                return read.apply(bytes);
            } catch (StateFormatException e) {
                throw new SerializationException(e.getMessage(), e);
            }
        };
        return Serdes.serdeFrom(serializer, deserializer);
    }
}
