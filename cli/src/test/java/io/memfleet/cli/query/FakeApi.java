package io.memfleet.cli.query;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A stand-in for the aggregator's HTTP API on a free loopback port: canned answers by raw path,
 * {@code 404 {"error": ...}} for anything else, and a record of every request it received.
 */
final class FakeApi implements AutoCloseable {

    /** One request as it arrived: raw path, raw query (or null), Authorization header (or null). */
    record Request(String rawPath, String rawQuery, String authorization) {
        String pathAndQuery() {
            return rawQuery == null ? rawPath : rawPath + "?" + rawQuery;
        }
    }

    private record Answer(int status, String body, long delayMillis) {
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "fake-api");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    FakeApi() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            try (exchange) {
                requests.add(new Request(exchange.getRequestURI().getRawPath(), exchange.getRequestURI().getRawQuery(),
                        exchange.getRequestHeaders().getFirst("Authorization")));
                Answer answer = answers.getOrDefault(exchange.getRequestURI().getRawPath(), new Answer(404,
                        "{\"error\":\"no such resource: " + exchange.getRequestURI().getRawPath() + "\",\"status\":404}", 0));
                if (answer.delayMillis() > 0) {
                    try {
                        Thread.sleep(answer.delayMillis());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(answer.status(), bytes.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                } catch (IOException e) {
                    // The client gave up (a timeout test): nothing to do.
                }
            }
        });
        server.setExecutor(executor);
        server.start();
    }

    /** Answers GET rawPath (any query) with status and body. */
    FakeApi answer(String rawPath, int status, String body) {
        answers.put(rawPath, new Answer(status, body, 0));
        return this;
    }

    FakeApi answerSlowly(String rawPath, long delayMillis, String body) {
        answers.put(rawPath, new Answer(200, body, delayMillis));
        return this;
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    Request onlyRequest() {
        if (requests.size() != 1) {
            throw new AssertionError("expected one request, got " + requests);
        }
        return requests.get(0);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
