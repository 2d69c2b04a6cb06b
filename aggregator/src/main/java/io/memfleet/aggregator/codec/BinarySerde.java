package io.memfleet.aggregator.codec;

import java.util.function.Function;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A state store serde over {@link BinaryOut}/{@link BinaryIn}. Values written as JSON by earlier
 * aggregators (their first byte is '{'; a binary value starts with its format version, a small
 * varint) are handed to {@code legacy}, so a state directory or changelog from before keeps working.
 */
public final class BinarySerde {

    private BinarySerde() {
    }

    public static <T> Serde<T> of(Function<T, byte[]> write, Function<BinaryIn, T> read,
                                  Function<byte[], T> legacy) {
        Serializer<T> serializer = (topic, value) -> value == null ? null : write.apply(value);
        Deserializer<T> deserializer = (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            if (bytes.length > 0 && bytes[0] == '{') {
                return legacy.apply(bytes);
            }
            return read.apply(new BinaryIn(bytes));
        };
        return Serdes.serdeFrom(serializer, deserializer);
    }
}
