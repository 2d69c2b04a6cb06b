package io.memfleet.common.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.memfleet.common.JdkHttpServers;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small HTTP server (the JDK's, one thread) that answers {@code GET /metrics} with a registry's
 * metrics in the Prometheus text format, for the commands that have no HTTP API of their own (the
 * collector, the alerts bridge). Anything else is 404, a method other than GET or HEAD 405.
 */
public final class MetricsServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MetricsServer.class);
    public static final String PATH = "/metrics";

    private final HttpServer server;
    private boolean closed;

    private MetricsServer(HttpServer server) {
        this.server = server;
    }

    /**
     * Binds {@code host:port} and starts serving. Fails with a message naming the address and the
     * settings that chose it ({@code settingNames}, e.g. "metrics.host/metrics.port").
     */
    public static MetricsServer start(String host, int port, PrometheusRegistry registry, String settingNames) {
        JdkHttpServers.noDelay();
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(host, port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve metrics on " + host + ":" + port + " (" + settingNames + "): "
                    + e.getMessage(), e);
        }
        server.createContext("/", handler(registry));
        // No executor: requests are answered on the server's own dispatcher thread, one at a time.
        server.start();
        MetricsServer started = new MetricsServer(server);
        LOG.info("Prometheus metrics at {}", started.url());
        return started;
    }

    /** Answers {@code GET /metrics} (and HEAD) with a fresh scrape of {@code registry}; 404 elsewhere. */
    public static HttpHandler handler(PrometheusRegistry registry) {
        return exchange -> {
            try (exchange) {
                String method = exchange.getRequestMethod();
                if (!PATH.equals(exchange.getRequestURI().getPath())) {
                    sendText(exchange, 404, "not found: only " + PATH + " is served here\n");
                } else if (!"GET".equals(method) && !"HEAD".equals(method)) {
                    exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                    sendText(exchange, 405, "only GET and HEAD are supported\n");
                } else {
                    byte[] body = PrometheusText.scrape(registry);
                    exchange.getResponseHeaders().set("Content-Type", PrometheusText.CONTENT_TYPE);
                    if ("HEAD".equals(method)) {
                        exchange.sendResponseHeaders(200, -1);
                    } else {
                        exchange.sendResponseHeaders(200, body.length);
                        try (OutputStream out = exchange.getResponseBody()) {
                            out.write(body);
                        }
                    }
                }
            }
        };
    }

    private static void sendText(HttpExchange exchange, int status, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** {@code http://host:port/metrics}, with the port actually bound. */
    public String url() {
        InetSocketAddress address = server.getAddress();
        String host = address.getAddress().getHostAddress();
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort() + PATH;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Stops serving. Idempotent. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            server.stop(0);
        }
    }
}
