package io.memfleet.aggregator.codec;

/**
 * A state value that cannot be read: truncated, garbled, or written in a format this build does not know.
 * Not a Kafka exception: the codecs and detectors that throw it know no Kafka; the serdes in the
 * topology turn it into the {@code SerializationException} Kafka expects.
 */
public final class StateFormatException extends RuntimeException {

    public StateFormatException(String message) {
        super(message);
    }

    public StateFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
