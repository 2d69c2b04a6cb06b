package io.memfleet.common;

import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;

/**
 * Sorts Kafka failures into the ones retrying can mend (a broker down, a leader moving) and the
 * ones it cannot: the broker refused this client's credentials (authentication) or its rights
 * (authorization, ACLs). Those are configuration, not an outage; a service should stop with one
 * line that says what to change instead of retrying in silence.
 */
public final class KafkaFailures {

    /** What to check when the broker refuses the credentials. */
    public static final String CREDENTIALS_HINT = "check kafka.security.protocol, kafka.sasl.mechanism and "
            + "kafka.sasl.jaas.config (SASL) or kafka.ssl.* (TLS)";

    private KafkaFailures() {
    }

    /** The authentication or authorization failure in {@code failure}'s cause chain, or null. */
    public static RuntimeException fatal(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof AuthenticationException || t instanceof AuthorizationException) {
                return (RuntimeException) t;
            }
        }
        return null;
    }

    /**
     * One line for a fatal failure: "Kafka at BROKERS refused ... (the broker's words): what to
     * check". {@code failure} must be one {@link #fatal} found.
     */
    public static String describe(RuntimeException failure, String brokers) {
        if (failure instanceof AuthenticationException) {
            return "Kafka at " + brokers + " refused to authenticate this client (authentication failed: "
                    + failure.getMessage() + "); " + CREDENTIALS_HINT;
        }
        return "Kafka at " + brokers + " denied this client access (authorization failed: " + failure.getMessage()
                + "); the broker's ACLs must allow this user";
    }
}
