package io.memfleet.aggregator.codec;

import java.util.function.Function;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A state store serde over {@link BinaryOut}/{@link BinaryIn}: {@code write} and {@code read} are
 * the value's own, which begin with its format version.
 */
public final class BinarySerde {

    private BinarySerde() {
    }

    public static <T> Serde<T> of(Function<T, byte[]> write, Function<BinaryIn, T> read) {
        Serializer<T> serializer = (topic, value) -> value == null ? null : write.apply(value);
        Deserializer<T> deserializer = (topic, bytes) -> bytes == null ? null : read.apply(new BinaryIn(bytes));
        return Serdes.serdeFrom(serializer, deserializer);
    }
}
