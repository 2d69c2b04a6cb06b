package io.memfleet.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.memfleet.testkit.RequiredBinary;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real Alertmanager process for a test: Debian's {@code prometheus-alertmanager} binary on a loopback
 * port, clustering off, storage in the test's directory, every alert its own group and notified at
 * once to a webhook in this JVM (so a test sees "resolved" notifications, not only the API's list).
 * A missing binary fails the test with what to install: CI installs it, so skipping would hide a gap.
 */
final class RealAlertmanager implements AutoCloseable {

    static final String BINARY_PROPERTY = "memfleet.test.alertmanager";
    private static final List<String> CANDIDATES = List.of("/usr/bin/prometheus-alertmanager",
            "/usr/local/bin/alertmanager", "/usr/bin/alertmanager");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final HttpServer webhook;
    private final URI base;
    private final Path log;
    private final List<JsonNode> notifications = new CopyOnWriteArrayList<>();

    private RealAlertmanager(Path dir, int port) throws IOException, InterruptedException {
        webhook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        webhook.createContext("/hook", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                notifications.add(JSON.readTree(in));
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        webhook.start();
        Path config = dir.resolve("alertmanager.yml");
        Files.writeString(config, String.join("\n",
                "route:",
                "  receiver: test",
                "  group_by: ['...']",
                "  group_wait: 200ms",
                "  group_interval: 1s",
                "  repeat_interval: 1h",
                "receivers:",
                "  - name: test",
                "    webhook_configs:",
                "      - url: http://127.0.0.1:" + webhook.getAddress().getPort() + "/hook",
                "        send_resolved: true",
                ""));
        base = URI.create("http://127.0.0.1:" + port);
        log = dir.resolve("alertmanager.log");
        process = new ProcessBuilder(binary(), "--config.file=" + config, "--storage.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port, "--cluster.listen-address=", "--log.level=info")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        awaitReady();
    }

    /** Starts one on a free port. */
    static RealAlertmanager start(Path dir) throws IOException, InterruptedException {
        return start(dir, freePort());
    }

    static RealAlertmanager start(Path dir, int port) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        return new RealAlertmanager(dir, port);
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    static String binary() {
        return RequiredBinary.find(BINARY_PROPERTY, CANDIDATES,
                "Debian's prometheus-alertmanager (apt-get install -y prometheus-alertmanager)");
    }

    String url() {
        return base.toString();
    }

    /** {@code GET /api/v2/alerts}: the alerts Alertmanager holds that have not ended. */
    JsonNode alerts() throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(base.resolve("/api/v2/alerts"))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET /api/v2/alerts: HTTP " + response.statusCode() + " " + response.body());
        }
        return JSON.readTree(response.body());
    }

    /** The alerts of every webhook notification so far, each with the notification's status. */
    List<JsonNode> notifiedAlerts() {
        List<JsonNode> alerts = new ArrayList<>();
        for (JsonNode notification : notifications) {
            notification.get("alerts").forEach(alerts::add);
        }
        return alerts;
    }

    String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private void awaitReady() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Alertmanager exited with " + process.exitValue() + ":\n" + log());
            }
            try {
                HttpResponse<Void> ready = HTTP.send(HttpRequest.newBuilder(base.resolve("/-/ready"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (ready.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        close();
        throw new IllegalStateException("Alertmanager not ready within 30 s:\n" + log());
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        webhook.stop(0);
    }
}
