package io.memfleet.aggregator.codec;

import org.apache.kafka.common.errors.SerializationException;

/** A state value that cannot be read: truncated, garbled, or written in a format this build does not know. */
public final class StateFormatException extends SerializationException {

    public StateFormatException(String message) {
        super(message);
    }

    public StateFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
