package io.memfleet.aggregator.detect;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.memfleet.aggregator.codec.StateFormatException;
import io.memfleet.schema.codec.JsonCodec;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * How a detector's per-process state is stored. Read and written once per sample of every
 * process, so the built-in detectors use compact binary codecs; {@link #json} suits a detector
 * whose state is small or rarely written.
 *
 * @param <S> the state type
 */
public interface StateCodec<S> {

    byte[] encode(S state);

    /** @throws StateFormatException when the bytes are not a state this codec wrote */
    S decode(byte[] bytes);

    /** The state as JSON, by Jackson. */
    static <S> StateCodec<S> json(Class<S> type) {
        ObjectMapper mapper = JsonCodec.newMapper();
        return new StateCodec<>() {
            @Override
            public byte[] encode(S state) {
                try {
                    return mapper.writeValueAsBytes(state);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot write " + type.getSimpleName() + " as JSON", e);
                }
            }

            @Override
            public S decode(byte[] bytes) {
                try {
                    return mapper.readValue(bytes, type);
                } catch (IOException e) {
                    throw new StateFormatException("cannot read " + type.getSimpleName() + " from JSON", e);
                }
            }
        };
    }
}
