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
 * A state store serde over {@link BinaryOut}/{@link BinaryIn}: {@code write} and {@code read} are
 * the value's own, which begin with its format version. The Kafka boundary of the codecs: a
 * {@link StateFormatException} leaves it as the {@link SerializationException} Kafka clients and
 * Streams expect of a serde.
 */
public final class BinarySerde {

    private BinarySerde() {
    }

    public static <T> Serde<T> of(Function<T, byte[]> write, Function<BinaryIn, T> read) {
        return ofBytes(write, bytes -> read.apply(new BinaryIn(bytes)));
    }

    /** A serde over a value whose reader takes the whole byte array. */
    public static <T> Serde<T> ofBytes(Function<T, byte[]> write, Function<byte[], T> read) {
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
