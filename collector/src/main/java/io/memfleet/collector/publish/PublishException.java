package io.memfleet.collector.publish;

/** Records could not be handed to Kafka; the message names the brokers and what to check. */
public class PublishException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public PublishException(String message, Throwable cause) {
        super(message, cause);
    }
}
