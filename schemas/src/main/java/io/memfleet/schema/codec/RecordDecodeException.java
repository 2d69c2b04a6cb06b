package io.memfleet.schema.codec;

/**
 * A payload could not be decoded into a complete record. Never a half-filled record: a decoder
 * either returns every required field or throws this.
 */
public class RecordDecodeException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public RecordDecodeException(String message) {
        super(message);
    }

    public RecordDecodeException(String message, Throwable cause) {
        super(message, cause);
    }
}
