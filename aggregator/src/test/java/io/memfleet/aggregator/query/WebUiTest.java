package io.memfleet.aggregator.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The web view's files over a real loopback HTTP server: types, caching, and nothing outside the bundle. */
class WebUiTest {

    private final HttpClient http = HttpClient.newHttpClient();
    private final WebUi ui = new WebUi();
    private HttpServer server;
    private String base;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            if (WebUi.owns(exchange.getRequestURI().getRawPath())) {
                ui.handle(exchange);
            } else {
                try (exchange) {
                    exchange.sendResponseHeaders(418, -1); // what the API would have answered
                }
            }
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void shouldServeThePageWithTheChartLibraryUnderItsVersion() throws Exception {
        HttpResponse<String> page = get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-cache");
        assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow())
                .contains("default-src 'none'", "script-src 'self'", "connect-src 'self'");
        assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        String lib = "/ui/uplot/" + ui.uplotVersion() + "/";
        assertThat(page.body()).contains(lib + "uPlot.iife.min.js", lib + "uPlot.min.css", "/ui/app.js", "/ui/app.css")
                .doesNotContain("{{", "http://", "https://");

        HttpResponse<String> uplot = get(lib + "uPlot.iife.min.js");
        assertThat(uplot.statusCode()).isEqualTo(200);
        assertThat(uplot.headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
        assertThat(uplot.headers().firstValue("Cache-Control")).hasValue("public, max-age=31536000, immutable");
        assertThat(uplot.body()).contains("uPlot");
        assertThat(get(lib + "uPlot.min.css").headers().firstValue("Content-Type")).hasValue("text/css; charset=utf-8");
    }

    @Test
    void shouldServeOurOwnFilesForRevalidationByEtag() throws Exception {
        HttpResponse<String> script = get("/ui/app.js");
        assertThat(script.statusCode()).isEqualTo(200);
        assertThat(script.headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
        assertThat(script.headers().firstValue("Cache-Control")).hasValue("no-cache");
        String etag = script.headers().firstValue("ETag").orElseThrow();
        assertThat(etag).matches("\"[0-9a-f]{24}\"");
        assertThat(get("/ui/app.css").headers().firstValue("Content-Type")).hasValue("text/css; charset=utf-8");
        assertThat(get("/ui/favicon.svg").headers().firstValue("Content-Type")).hasValue("image/svg+xml");

        HttpResponse<String> again = http.send(HttpRequest.newBuilder(URI.create(base + "/ui/app.js"))
                .header("If-None-Match", etag).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
    }

    @Test
    void shouldCompressWhenTheClientAcceptsGzip() throws Exception {
        HttpResponse<byte[]> zipped = http.send(HttpRequest.newBuilder(URI.create(base + "/ui/app.js"))
                .header("Accept-Encoding", "gzip").build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(zipped.headers().firstValue("Content-Encoding")).hasValue("gzip");
        assertThat(zipped.headers().firstValue("Vary")).hasValue("Accept-Encoding");
        byte[] plain;
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(zipped.body()))) {
            plain = in.readAllBytes();
        }
        assertThat(new String(plain, StandardCharsets.UTF_8)).isEqualTo(get("/ui/app.js").body());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/ui/", "/ui/nothing.js", "/ui/../pom.xml", "/ui/%2e%2e/%2e%2e/pom.xml", "/ui/..%2fapp.js",
            "/ui/uplot/1.6.30/../../../META-INF/MANIFEST.MF", "/ui/uplot/0.0.1/uPlot.iife.min.js", "/ui//app.js",
            "/ui/app.js/", "/ui/APP.JS", "/ui/app.js%00", "/ui/./app.js", "/ui/index.html",
            "/ui/io/memfleet/aggregator/web/app.js", "/ui/META-INF/resources/webjars/uplot/1.6.30/dist/uPlot.esm.js"})
    void shouldAnswer404ForAnythingOutsideTheBundle(String path) throws Exception {
        String answer = raw("GET " + path + " HTTP/1.1");
        assertThat(answer).as(path).startsWith("HTTP/1.1 404 ");
        assertThat(answer).contains("{\"error\":\"no such file\",\"status\":404}");
    }

    @Test
    void shouldLeaveEveryOtherPathToTheApi() throws Exception {
        assertThat(WebUi.owns("/")).isTrue();
        assertThat(WebUi.owns("/ui/app.js")).isTrue();
        assertThat(WebUi.owns("/healthz")).isFalse();
        assertThat(WebUi.owns("/api/hosts")).isFalse();
        assertThat(WebUi.owns("/../")).isFalse(); // the API's own 404
        assertThat(WebUi.owns("/ui")).isFalse();
        assertThat(raw("GET /../etc/passwd HTTP/1.1")).startsWith("HTTP/1.1 418 ");
    }

    @Test
    void shouldAnswerHeadWithoutABodyAndRefuseOtherMethods() throws Exception {
        String head = raw("HEAD /ui/app.css HTTP/1.1");
        assertThat(head).startsWith("HTTP/1.1 200 ").containsIgnoringCase("content-length: ")
                .endsWith("\r\n\r\n");
        String post = raw("POST / HTTP/1.1");
        assertThat(post).startsWith("HTTP/1.1 405 ").containsIgnoringCase("allow: GET, HEAD");
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A request exactly as written, so no client library normalises the path first. */
    private String raw(String requestLine) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.getAddress().getPort())) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            out.write((requestLine + "\r\nHost: localhost\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}
