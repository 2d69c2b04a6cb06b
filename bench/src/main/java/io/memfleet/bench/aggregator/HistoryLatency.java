package io.memfleet.bench.aggregator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Latency of {@code GET /api/hosts/{h}/processes/{pid}/history}, one request at a time with the
 * JDK HttpClient (a connection kept alive), round-robin over processes, after a warm-up.
 */
final class HistoryLatency {

    /** One kind of query and what it gave. */
    record Result(String label, int points, String resolution, int responseBytes, Percentiles latencyNanos) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String baseUrl;

    HistoryLatency(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /**
     * @param maxPoints null for the server's default
     */
    Result measure(String label, String hostId, List<Integer> pids, long from, long to, Integer maxPoints,
                   int warmup, int queries) throws IOException, InterruptedException {
        for (int i = 0; i < warmup; i++) {
            get(url(hostId, pids.get(i % pids.size()), from, to, maxPoints));
        }
        long[] nanos = new long[queries];
        HttpResponse<byte[]> first = null;
        for (int i = 0; i < queries; i++) {
            URI uri = url(hostId, pids.get(i % pids.size()), from, to, maxPoints);
            long started = System.nanoTime();
            HttpResponse<byte[]> response = get(uri);
            nanos[i] = System.nanoTime() - started;
            if (first == null) {
                first = response;
            }
        }
        JsonNode body = JSON.readTree(first.body());
        return new Result(label, body.path("points").size(), body.path("resolution").asText(), first.body().length,
                new Percentiles(nanos));
    }

    private URI url(String hostId, int pid, long from, long to, Integer maxPoints) {
        return URI.create(baseUrl + "/api/hosts/" + URLEncoder.encode(hostId, StandardCharsets.UTF_8)
                + "/processes/" + pid + "/history?from=" + Instant.ofEpochMilli(from) + "&to=" + Instant.ofEpochMilli(to)
                + (maxPoints == null ? "" : "&maxPoints=" + maxPoints));
    }

    private HttpResponse<byte[]> get(URI uri) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + uri + " answered " + response.statusCode() + ": "
                    + new String(response.body(), StandardCharsets.UTF_8));
        }
        return response;
    }

    /** GET a path and parse the JSON (for checks, not timed). */
    JsonNode getJson(String path) throws IOException, InterruptedException {
        return JSON.readTree(get(URI.create(baseUrl + path)).body());
    }
}
