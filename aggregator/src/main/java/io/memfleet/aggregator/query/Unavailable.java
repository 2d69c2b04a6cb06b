package io.memfleet.aggregator.query;

/**
 * The answer exists but cannot be given now (stores restoring, the owner of a host unknown or
 * unreachable): answered 503 with {@code Retry-After}, so clients try again.
 */
final class Unavailable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Unavailable(String message) {
        super(message);
    }
}
