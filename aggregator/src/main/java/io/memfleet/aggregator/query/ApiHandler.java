package io.memfleet.aggregator.query;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dispatches an API request by the {@link RouteTable} and writes the route's {@link ApiResult}.
 * Failures are sorted into what the client got wrong (400, 404, 405, 414), what it may retry (503
 * with {@code Retry-After}: stores restoring or migrating, the owner of a host unknown or
 * unreachable), and everything else: a bug, logged once with its stack trace and answered 500,
 * which does not invite a retry.
 */
final class ApiHandler<E> implements HttpHandler {

    /** Longest path and query accepted, as browsers and proxies commonly do (8 KiB). */
    static final int MAX_TARGET_CHARS = 8_192;
    /** Seconds a client waits before retrying a 503: a rebalance or a restore step takes about this long. */
    static final String RETRY_AFTER_SECONDS = "5";

    /** Asks the instance that owns a host; empty when this instance does. */
    @FunctionalInterface
    interface Owners {
        Optional<ApiResult> atOwner(String hostId, ApiCall call);
    }

    private static final Logger LOG = LoggerFactory.getLogger(ApiHandler.class);

    private final RouteTable<E> routes;
    private final E endpoints;
    private final Supplier<KafkaStreams.State> streams;
    private final Owners owners;
    private final ObjectMapper mapper;

    ApiHandler(RouteTable<E> routes, E endpoints, Supplier<KafkaStreams.State> streams, Owners owners,
               ObjectMapper mapper) {
        this.routes = routes;
        this.endpoints = endpoints;
        this.streams = streams;
        this.owners = owners;
        this.mapper = mapper;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            ApiResult result = answer(exchange);
            byte[] body;
            try {
                body = body(result);
            } catch (IOException | RuntimeException e) {
                result = unexpected(exchange, e);
                body = body(result);
            }
            send(exchange, result.status(), body);
        }
    }

    private ApiResult answer(HttpExchange exchange) {
        URI uri = exchange.getRequestURI();
        if (!"GET".equals(exchange.getRequestMethod())) {
            exchange.getResponseHeaders().set("Allow", "GET");
            return new ApiResult.Error(405, "only GET is supported");
        }
        String target = uri.getRawPath() + "?" + uri.getRawQuery();
        if (target.length() > MAX_TARGET_CHARS) {
            // Nothing this API answers needs more; refusing early bounds what one request can cost.
            return new ApiResult.Error(414, "request target of " + target.length() + " characters: at most "
                    + MAX_TARGET_CHARS);
        }
        try {
            ApiRequest request = ApiRequest.of(uri);
            Route<E> route = routes.find(uri.getRawPath()).orElseThrow(() -> new NotFound("no such resource: /"
                    + String.join("/", request.segments())));
            ApiCall call = new ApiCall(request, route.template(),
                    uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()),
                    exchange.getRequestHeaders().getFirst("Authorization"),
                    exchange.getRequestHeaders().containsKey(InstanceRouter.FORWARDED_HEADER));
            if (route.scope() != Route.Scope.ANY_STATE && streams.get() != KafkaStreams.State.RUNNING) {
                throw new Unavailable("state stores are not ready (Kafka Streams is " + streams.get() + ")");
            }
            if (route.scope() == Route.Scope.HOST) {
                Optional<ApiResult> owners = this.owners.atOwner(call.hostId(), call);
                if (owners.isPresent()) {
                    return owners.get();
                }
            }
            return route.handler().handle(endpoints, call);
        } catch (ApiRequest.BadRequest e) {
            return new ApiResult.Error(400, e.getMessage());
        } catch (NotFound e) {
            return new ApiResult.Error(404, e.getMessage());
        } catch (Unavailable e) {
            return new ApiResult.Error(503, e.getMessage());
        } catch (InvalidStateStoreException e) {
            // A store migrating to another instance, or closing, mid-query: the next try finds its owner.
            LOG.info("GET {}: cannot answer now ({})", uri, e.toString());
            return new ApiResult.Error(503, "cannot answer now: " + e.getMessage());
        } catch (RuntimeException e) {
            if (streams.get() != KafkaStreams.State.RUNNING) {
                // Streams left RUNNING during the query (rebalance, shutdown): its stores failed with it.
                LOG.info("GET {}: cannot answer now, Kafka Streams is {} ({})", uri, streams.get(), e.toString());
                return new ApiResult.Error(503, "cannot answer now: Kafka Streams is " + streams.get());
            }
            return unexpected(exchange, e);
        }
    }

    private static ApiResult unexpected(HttpExchange exchange, Exception e) {
        LOG.error("GET {} failed", exchange.getRequestURI(), e);
        return new ApiResult.Error(500, "internal error (" + e.getClass().getSimpleName()
                + "): the aggregator's log has the details");
    }

    private byte[] body(ApiResult result) throws IOException {
        if (result instanceof ApiResult.Forwarded forwarded) {
            return forwarded.body();
        }
        if (result instanceof ApiResult.Error error) {
            return mapper.writeValueAsBytes(errorBody(error));
        }
        return mapper.writeValueAsBytes(((ApiResult.Json) result).body());
    }

    private static Map<String, Object> errorBody(ApiResult.Error error) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error.message());
        body.put("status", error.status());
        return body;
    }

    private static void send(HttpExchange exchange, int status, byte[] bytes) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        if (status == 503) {
            exchange.getResponseHeaders().set("Retry-After", RETRY_AFTER_SECONDS);
        }
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
