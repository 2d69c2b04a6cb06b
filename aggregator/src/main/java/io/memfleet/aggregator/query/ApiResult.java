package io.memfleet.aggregator.query;

/**
 * What a route answers, before anything is written: the dispatcher ({@link ApiHandler}) turns it
 * into a status, headers and bytes, so a handler never touches the exchange.
 */
sealed interface ApiResult {

    int status();

    /** {@code body} as JSON with {@code status}. */
    record Json(int status, Object body) implements ApiResult {
    }

    /** {@code {"error": message, "status": status}}. */
    record Error(int status, String message) implements ApiResult {
    }

    /** The answer of the instance that owns the data, passed on as it came. */
    record Forwarded(int status, byte[] body) implements ApiResult {
    }

    static ApiResult ok(Object body) {
        return new Json(200, body);
    }
}
