package io.memfleet.aggregator.query;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsServer;
import io.memfleet.common.metrics.MetricsServer;
import io.memfleet.schema.codec.JsonCodec;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The aggregator's HTTP server: the API ({@link ApiRoutes}, dispatched by {@link ApiHandler}),
 * the web view ({@link WebUi}) and {@code /metrics}. JSON out, errors as
 * {@code {"error": ..., "status": ...}} with a status that says what was wrong (404 unknown host
 * or process, 400 a bad parameter, named). Until Kafka Streams is RUNNING every data path answers
 * 503, so a client never mistakes a store still restoring for an empty one.
 */
public final class HttpApi implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);

    private final HttpServer server;
    private final HttpContext apiContext;
    /** Null without a token. */
    private final Filter auth;
    private final ExecutorService executor;
    private final WebUi webUi = new WebUi();
    private final ApiHandler<ApiEndpoints> api;

    /**
     * Serves on {@code server}, already bound (its port is what other instances forward to); an
     * {@code HttpsServer} for TLS. {@code auth}, when not null, guards every route (see
     * {@link BearerTokenFilter} for what it leaves open).
     */
    public HttpApi(HttpServer server, Filter auth, StateQueries queries, HistoryQueries history, InstanceRouter router,
                   LongSupplier clock) {
        this.server = server;
        this.executor = Executors.newFixedThreadPool(4, r -> {
            Thread thread = new Thread(r, "memfleet-http");
            thread.setDaemon(true);
            return thread;
        });
        Fleet fleet = new Fleet(router, JsonCodec.newMapper());
        this.api = new ApiHandler<>(ApiRoutes.TABLE, new ApiEndpoints(queries, history, fleet, clock), queries::state,
                fleet::atOwner, JsonCodec.newMapper());
        server.setExecutor(executor);
        apiContext = server.createContext("/", this::handle);
        this.auth = auth;
        if (auth != null) {
            apiContext.getFilters().add(auth);
        }
    }

    /**
     * Serves {@code GET /metrics} (Prometheus text format) from {@code registry}, behind the same
     * bearer token as the API when there is one, and runs {@code timing} around every request, API
     * and metrics alike (refusals included). Call before {@link #start()}.
     */
    public void serveMetrics(PrometheusRegistry registry, Filter timing) {
        HttpContext metrics = server.createContext(MetricsServer.PATH, MetricsServer.handler(registry));
        metrics.getFilters().add(timing);
        if (auth != null) {
            metrics.getFilters().add(auth);
        }
        apiContext.getFilters().add(0, timing);
    }

    public void start() {
        server.start();
        LOG.info("HTTP API listening on {}", baseUrl());
    }

    public String baseUrl() {
        InetSocketAddress address = server.getAddress();
        String host = address.getAddress().getHostAddress();
        String scheme = server instanceof HttpsServer ? "https" : "http";
        return scheme + "://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        if (WebUi.owns(exchange.getRequestURI().getRawPath())) {
            webUi.handle(exchange); // the web view's page and files: no data, served before Streams runs
        } else {
            api.handle(exchange);
        }
    }

    /** Stops accepting requests, lets running ones finish for up to a second. Idempotent. */
    @Override
    public void close() {
        server.stop(1);
        executor.shutdownNow();
    }
}
