package io.memfleet.aggregator.query;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.memfleet.schema.codec.JsonCodec;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The aggregator's HTTP API: JSON out, errors as {@code {"error": ..., "status": ...}} with a status
 * that says what was wrong. Until Kafka Streams is RUNNING every data path answers 503, so a
 * client never mistakes a store still restoring for an empty one.
 */
public final class HttpApi implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);

    private final ObjectMapper mapper = JsonCodec.newMapper();
    private final StateQueries queries;
    private final HttpServer server;
    private final ExecutorService executor;

    public HttpApi(StateQueries queries, String host, int port) throws IOException {
        this.queries = queries;
        this.server = HttpServer.create(new InetSocketAddress(host, port), 0);
        this.executor = Executors.newFixedThreadPool(4, r -> {
            Thread thread = new Thread(r, "memfleet-http");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
    }

    public void start() {
        server.start();
        LOG.info("HTTP API listening on {}", baseUrl());
    }

    public String baseUrl() {
        InetSocketAddress address = server.getAddress();
        String host = address.getAddress().getHostAddress();
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().set("Allow", "GET");
                send(exchange, 405, error(405, "only GET is supported"));
                return;
            }
            String path = exchange.getRequestURI().getRawPath();
            try {
                route(exchange, path);
            } catch (IllegalArgumentException e) {
                send(exchange, 400, error(400, e.getMessage()));
            } catch (RuntimeException e) {
                // A store migrating to another instance mid-query, for example: retriable by the client.
                LOG.warn("GET {} failed", path, e);
                send(exchange, 503, error(503, "cannot answer now: " + e.getMessage()));
            }
        }
    }

    private void route(HttpExchange exchange, String rawPath) throws IOException {
        String[] parts = segments(rawPath);
        if (parts.length == 1 && parts[0].equals("healthz")) {
            boolean ready = queries.ready();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", ready ? "UP" : "DOWN");
            body.put("streamsState", queries.state().toString());
            send(exchange, ready ? 200 : 503, body);
            return;
        }
        if (parts.length < 2 || !parts[0].equals("api") || !parts[1].equals("hosts") || parts.length > 4
                || (parts.length == 4 && !parts[3].equals("processes"))) {
            send(exchange, 404, error(404, "no such resource: " + rawPath));
            return;
        }
        if (!queries.ready()) {
            send(exchange, 503, error(503, "state stores are not ready (Kafka Streams is " + queries.state() + ")"));
            return;
        }
        if (parts.length == 2) {
            send(exchange, 200, queries.hosts());
            return;
        }
        String hostId = parts[2];
        var host = queries.host(hostId);
        if (host.isEmpty()) {
            send(exchange, 404, error(404, "unknown host '" + hostId + "'"));
            return;
        }
        if (parts.length == 3) {
            send(exchange, 200, host.get());
            return;
        }
        String state = queryParameter(exchange, "state");
        if (state != null && !state.equals("all") && !state.equals("live")) {
            throw new IllegalArgumentException("bad parameter state='" + state + "': expected live or all");
        }
        send(exchange, 200, queries.processes(hostId, "all".equals(state)));
    }

    private static String[] segments(String rawPath) {
        String trimmed = rawPath.replaceAll("^/+|/+$", "");
        if (trimmed.isEmpty()) {
            return new String[0];
        }
        String[] parts = trimmed.split("/+");
        for (int i = 0; i < parts.length; i++) {
            parts[i] = URLDecoder.decode(parts[i], StandardCharsets.UTF_8);
        }
        return parts;
    }

    private static String queryParameter(HttpExchange exchange, String name) {
        String query = exchange.getRequestURI().getRawQuery();
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            String[] kv = pair.split("=", 2);
            if (URLDecoder.decode(kv[0], StandardCharsets.UTF_8).equals(name)) {
                return kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "";
            }
        }
        return null;
    }

    private static Map<String, Object> error(int status, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", message);
        body.put("status", status);
        return body;
    }

    private void send(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = mapper.writeValueAsBytes(body);
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
}
