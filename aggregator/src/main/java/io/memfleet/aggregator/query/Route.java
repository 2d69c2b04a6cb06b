package io.memfleet.aggregator.query;

/**
 * One line of the {@link RouteTable}: method and path template to the handler that answers, and
 * what the request needs before the handler runs.
 *
 * @param <E> what the handler is called on (the API's endpoints), so the table can be a constant
 */
record Route<E>(String method, RouteTemplate template, Scope scope, Handler<E> handler) {

    /** What a route needs before its handler runs. */
    enum Scope {
        /** Answers in any Streams state (the health check says which). */
        ANY_STATE,
        /** Reads this instance's stores: 503 until Streams is RUNNING. */
        STORES,
        /** Reads one host's stores ({@code {hostId}}): 503 until RUNNING, answered by the instance that owns the host. */
        HOST
    }

    /** Answers a request on {@code endpoints}; throws {@link ApiRequest.BadRequest}, {@link NotFound}, {@link Unavailable}. */
    @FunctionalInterface
    interface Handler<E> {
        ApiResult handle(E endpoints, ApiCall call);
    }

    static <E> Route<E> get(String template, Scope scope, Handler<E> handler) {
        return new Route<>("GET", RouteTemplate.parse(template), scope, handler);
    }
}
