package io.memfleet.aggregator.query;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.memfleet.common.metrics.MetricsServer;
import com.sun.net.httpserver.HttpsServer;
import io.memfleet.aggregator.topology.ProcessState;
import io.memfleet.schema.Anomaly;
import io.memfleet.schema.AnomalyStatus;
import io.memfleet.schema.AnomalyType;
import io.memfleet.schema.codec.JsonCodec;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.LongSupplier;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The aggregator's HTTP API: JSON out, errors as {@code {"error": ..., "status": ...}} with a status
 * that says what was wrong (404 unknown host or process, 400 a bad parameter, named). Until Kafka
 * Streams is RUNNING every data path answers 503, so a client never mistakes a store still
 * restoring for an empty one.
 */
public final class HttpApi implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);
    private static final Duration DEFAULT_HISTORY_SPAN = Duration.ofHours(1);
    private static final Duration DEFAULT_ANOMALY_SPAN = Duration.ofDays(7);
    private static final int DEFAULT_MAX_POINTS = 1_000;
    private static final int MAX_POINTS = 10_000;

    private final ObjectMapper mapper = JsonCodec.newMapper();
    private final StateQueries queries;
    private final HistoryQueries history;
    private final InstanceRouter router;
    private final LongSupplier clock;
    private final HttpServer server;
    private final HttpContext apiContext;
    /** Null without a token. */
    private final Filter auth;
    private final ExecutorService executor;
    private final WebUi webUi = new WebUi();

    /**
     * Serves on {@code server}, already bound (its port is what other instances forward to); an
     * {@code HttpsServer} for TLS. {@code auth}, when not null, guards every route (see
     * {@link BearerTokenFilter} for what it leaves open).
     */
    public HttpApi(HttpServer server, Filter auth, StateQueries queries, HistoryQueries history, InstanceRouter router,
                   LongSupplier clock) {
        this.queries = queries;
        this.history = history;
        this.router = router;
        this.clock = clock;
        this.server = server;
        this.executor = Executors.newFixedThreadPool(4, r -> {
            Thread thread = new Thread(r, "memfleet-http");
            thread.setDaemon(true);
            return thread;
        });
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

    /** Longest path and query accepted, as browsers and proxies commonly do (8 KiB). */
    static final int MAX_TARGET_CHARS = 8_192;

    private void handle(HttpExchange exchange) throws IOException {
        if (WebUi.owns(exchange.getRequestURI().getRawPath())) {
            webUi.handle(exchange); // the web view's page and files: no data, served before Streams runs
            return;
        }
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().set("Allow", "GET");
                send(exchange, 405, error(405, "only GET is supported"));
                return;
            }
            String target = exchange.getRequestURI().getRawPath() + "?" + exchange.getRequestURI().getRawQuery();
            if (target.length() > MAX_TARGET_CHARS) {
                // Nothing this API answers needs more; refusing early bounds what one request can cost.
                send(exchange, 414, error(414, "request target of " + target.length() + " characters: at most "
                        + MAX_TARGET_CHARS));
                return;
            }
            try {
                boolean forwarded = exchange.getRequestHeaders().containsKey(InstanceRouter.FORWARDED_HEADER);
                Object body = route(ApiRequest.of(exchange.getRequestURI()), exchange, forwarded);
                if (body instanceof HttpResponse<?> proxied) {
                    sendRaw(exchange, proxied.statusCode(), (byte[]) proxied.body());
                } else {
                    send(exchange, 200, body);
                }
            } catch (ApiRequest.BadRequest e) {
                send(exchange, 400, error(400, e.getMessage()));
            } catch (NotFound e) {
                send(exchange, 404, error(404, e.getMessage()));
            } catch (Unavailable e) {
                send(exchange, 503, error(503, e.getMessage()));
            } catch (RuntimeException e) {
                // A store migrating to another instance mid-query, for example: retriable by the client.
                LOG.warn("GET {} failed", exchange.getRequestURI(), e);
                send(exchange, 503, error(503, "cannot answer now: " + e.getMessage()));
            }
        }
    }

    private Object route(ApiRequest request, HttpExchange exchange, boolean forwarded) {
        if (request.matches("healthz")) {
            if (!queries.ready()) {
                throw new Unavailable("Kafka Streams is " + queries.state());
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", "UP");
            body.put("streamsState", queries.state().toString());
            return body;
        }
        if (request.matches("api", "anomalies")) {
            if (!queries.ready()) {
                throw new Unavailable("state stores are not ready (Kafka Streams is " + queries.state() + ")");
            }
            return anomalies(request, exchange, forwarded);
        }
        if (request.length() < 2 || !request.segment(0).equals("api") || !request.segment(1).equals("hosts")) {
            throw new NotFound("no such resource: /" + String.join("/", segments(request)));
        }
        if (!queries.ready()) {
            throw new Unavailable("state stores are not ready (Kafka Streams is " + queries.state() + ")");
        }
        if (request.matches("api", "hosts")) {
            // Pages in host id order: ?limit=N, then ?after=<the last hostId>&limit=N for the next.
            HostPage page = new HostPage(request.param("after"), request.integer("limit", Integer.MAX_VALUE, 1,
                    Integer.MAX_VALUE));
            return forwarded ? page.of(queries.hosts()) : allHosts(exchange, page);
        }
        String hostId = request.segment(2);
        if (!forwarded) {
            Optional<HostInfo> owner = router.ownerOf(hostId);
            if (owner.isPresent()) {
                return router.forward(owner.get(), exchange.getRequestURI().getRawPath()
                                + (exchange.getRequestURI().getRawQuery() == null ? ""
                                : "?" + exchange.getRequestURI().getRawQuery()),
                        exchange.getRequestHeaders().getFirst("Authorization"));
            }
        }
        if (request.matches("api", "hosts", "*")) {
            return queries.host(hostId).orElseThrow(() -> unknownHost(hostId));
        }
        if (request.matches("api", "hosts", "*", "processes")) {
            requireHost(hostId);
            String state = request.param("state");
            if (state != null && !state.equals("all") && !state.equals("live")) {
                throw new ApiRequest.BadRequest("bad parameter state='" + state + "': expected live or all");
            }
            String name = request.param("name");
            return queries.processes(hostId, "all".equals(state)).stream()
                    .filter(p -> name == null || name.isEmpty() || p.name().contains(name))
                    .toList();
        }
        if (request.length() >= 5 && request.segment(3).equals("processes")) {
            return routeProcess(request, hostId);
        }
        throw new NotFound("no such resource: /" + String.join("/", segments(request)));
    }

    private Object routeProcess(ApiRequest request, String hostId) {
        boolean historyPath = request.matches("api", "hosts", "*", "processes", "*", "history");
        boolean mappingsPath = request.matches("api", "hosts", "*", "processes", "*", "mappings");
        boolean changesPath = request.matches("api", "hosts", "*", "processes", "*", "mappings", "changes");
        if (!historyPath && !mappingsPath && !changesPath) {
            throw new NotFound("no such resource: /" + String.join("/", segments(request)));
        }
        int pid = request.pid(4);
        requireHost(hostId);
        long now = clock.getAsLong();
        Long startTime = request.optionalLong("startTime");
        if (mappingsPath) {
            long at = request.time("at", now);
            return history.mappingsAt(hostId, process(hostId, pid, startTime, at), at);
        }
        long to = request.time("to", now);
        long from = request.time("from", to - DEFAULT_HISTORY_SPAN.toMillis());
        if (from > to) {
            throw new ApiRequest.BadRequest("bad parameters: from is after to");
        }
        if (from < history.oldestAnswerable()) {
            throw new ApiRequest.BadRequest("bad parameter from='" + HistoryQueries.iso(from)
                    + "': older than the history retention (oldest: " + HistoryQueries.iso(history.oldestAnswerable())
                    + ")");
        }
        ProcessState process = process(hostId, pid, startTime, to);
        if (changesPath) {
            return history.mappingChanges(hostId, process, from, to);
        }
        int maxPoints = request.integer("maxPoints", DEFAULT_MAX_POINTS, 1, MAX_POINTS);
        return history.history(hostId, process, from, to, request.fields(), maxPoints);
    }

    /**
     * {@code GET /api/anomalies?hostId=&type=&status=&since=&limit=}: for one host from the instance
     * that owns it; for all hosts from every instance, merged newest first.
     */
    private Object anomalies(ApiRequest request, HttpExchange exchange, boolean forwarded) {
        String hostId = request.param("hostId");
        AnomalyType type = request.enumParam("type", AnomalyType.class);
        AnomalyStatus status = request.enumParam("status", AnomalyStatus.class);
        long since = request.time("since", clock.getAsLong() - DEFAULT_ANOMALY_SPAN.toMillis());
        int limit = request.integer("limit", DEFAULT_MAX_POINTS, 1, MAX_POINTS);
        // One process's events: pid (and startTime when the pid was reused) within a host.
        Integer pid = request.param("pid") == null || request.param("pid").isEmpty() ? null
                : request.integer("pid", 0, 1, Integer.MAX_VALUE);
        Long startTime = request.optionalLong("startTime");
        if ((pid != null || startTime != null) && (hostId == null || hostId.isEmpty())) {
            throw new ApiRequest.BadRequest("bad parameters: pid and startTime need hostId (a pid means nothing "
                    + "without its host)");
        }
        StateQueries.AnomalyFilter filter = new StateQueries.AnomalyFilter(type, status, since, pid, startTime);
        String pathAndQuery = exchange.getRequestURI().getRawPath()
                + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery());
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (hostId != null && !hostId.isEmpty()) {
            Optional<HostInfo> owner = forwarded ? Optional.empty() : router.ownerOf(hostId);
            return owner.isPresent() ? router.forward(owner.get(), pathAndQuery, authorization)
                    : queries.anomalies(hostId, filter, limit);
        }
        List<Anomaly> all = new ArrayList<>(queries.anomalies(null, filter, limit));
        if (!forwarded) {
            for (HostInfo instance : router.otherInstances()) {
                all.addAll(List.of(readOther(router.forward(instance, pathAndQuery, authorization), instance,
                        Anomaly[].class)));
            }
        }
        return StateQueries.newestFirst(all, limit);
    }

    private <T> T readOther(HttpResponse<byte[]> response, HostInfo instance, Class<T> type) {
        if (response.statusCode() != 200) {
            throw new Unavailable("instance " + instance.host() + ":" + instance.port() + " answered "
                    + response.statusCode());
        }
        try {
            return mapper.readValue(response.body(), type);
        } catch (IOException e) {
            throw new Unavailable("instance " + instance.host() + ":" + instance.port() + " sent an unreadable answer: "
                    + e.getMessage());
        }
    }

    /** This instance's hosts and every other instance's, by host id. */
    private List<HostView> allHosts(HttpExchange exchange, HostPage page) {
        List<HostView> hosts = new ArrayList<>(page.of(queries.hosts()));
        for (HostInfo instance : router.otherInstances()) {
            hosts.addAll(List.of(readOther(router.forward(instance, page.pathAndQuery(),
                    exchange.getRequestHeaders().getFirst("Authorization")), instance, HostView[].class)));
        }
        return page.of(hosts);
    }

    /** A page of {@code GET /api/hosts}: hosts after {@code after} (null: from the first), in id order, at most {@code limit}. */
    record HostPage(String after, int limit) {

        List<HostView> of(List<HostView> hosts) {
            return hosts.stream().filter(host -> after == null || host.hostId().compareTo(after) > 0)
                    .sorted(Comparator.comparing(HostView::hostId)).limit(limit).toList();
        }

        /** What each other instance is asked: the same page of its own hosts. */
        String pathAndQuery() {
            StringBuilder query = new StringBuilder("/api/hosts");
            if (limit != Integer.MAX_VALUE) {
                query.append("?limit=").append(limit);
            }
            if (after != null) {
                query.append(query.indexOf("?") < 0 ? '?' : '&').append("after=")
                        .append(URLEncoder.encode(after, StandardCharsets.UTF_8));
            }
            return query.toString();
        }
    }

    private ProcessState process(String hostId, int pid, Long startTime, long at) {
        Optional<ProcessState> process = history.process(hostId, pid, startTime, at);
        return process.orElseThrow(() -> new NotFound(startTime != null
                ? "no process " + pid + " with startTime " + startTime + " on host '" + hostId + "'"
                : "no process " + pid + " on host '" + hostId + "' at " + HistoryQueries.iso(at)));
    }

    private void requireHost(String hostId) {
        if (queries.host(hostId).isEmpty()) {
            throw unknownHost(hostId);
        }
    }

    private static NotFound unknownHost(String hostId) {
        return new NotFound("unknown host '" + hostId + "'");
    }

    private static List<String> segments(ApiRequest request) {
        String[] out = new String[request.length()];
        for (int i = 0; i < out.length; i++) {
            out[i] = request.segment(i);
        }
        return List.of(out);
    }

    private static Map<String, Object> error(int status, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", message);
        body.put("status", status);
        return body;
    }

    private void send(HttpExchange exchange, int status, Object body) throws IOException {
        sendRaw(exchange, status, mapper.writeValueAsBytes(body));
    }

    private static void sendRaw(HttpExchange exchange, int status, byte[] bytes) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** Stops accepting requests, lets running ones finish for up to a second. Idempotent. */
    @Override
    public void close() {
        server.stop(1);
        executor.shutdownNow();
    }

    /** Answered 404. */
    static final class NotFound extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NotFound(String message) {
            super(message);
        }
    }

    /** Answered 503. */
    static final class Unavailable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Unavailable(String message) {
            super(message);
        }
    }
}
