package io.memfleet.aggregator.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The filter in front of a real (loopback) HTTP server whose handler answers 200 "through". */
@Timeout(30)
class BearerTokenFilterTest {

    private static final String TOKEN = "3f9c2a7d41b86e05c1d2e3f4a5b6c7d8";

    private final HttpClient client = HttpClient.newHttpClient();
    private HttpServer server;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            try (exchange) {
                byte[] body = "through".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
        }).getFilters().add(new BearerTokenFilter(TOKEN));
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void shouldRefuseARequestWithoutAuthorization() throws Exception {
        HttpResponse<String> response = get("/api/hosts", null);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"memfleet\"");
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(response.body()).startsWith("{\"error\":\"this API needs a bearer token: send Authorization: "
                + "Bearer <token>").endsWith("\"status\":401}");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"Basic dXNlcjpwYXNz", "Token " + TOKEN, "Bearer", "Bearer" + TOKEN, TOKEN})
    void shouldRefuseAnotherScheme(String authorization) throws Exception {
        HttpResponse<String> response = get("/api/hosts", authorization);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"memfleet\"");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "0000000000000000000000000000000d",          // same length, wrong
        "3f9c2a7d41b86e05c1d2e3f4a5b6c7d",           // a prefix: one character short
        "3f9c2a7d41b86e05c1d2e3f4a5b6c7d8a",         // one character too many
        "x",
        "3F9C2A7D41B86E05C1D2E3F4A5B6C7D8",          // tokens are case-sensitive
    })
    void shouldRefuseAWrongTokenOfAnyLength(String token) throws Exception {
        HttpResponse<String> response = get("/api/hosts", "Bearer " + token);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate"))
                .hasValue("Bearer realm=\"memfleet\", error=\"invalid_token\"");
        assertThat(response.body()).contains("wrong bearer token").doesNotContain(TOKEN).doesNotContain(token);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"Bearer " + TOKEN, "bearer " + TOKEN, "BEARER " + TOKEN, "Bearer  " + TOKEN + " "})
    void shouldLetTheRightTokenThrough(String authorization) throws Exception {
        HttpResponse<String> response = get("/api/hosts/h1/processes?state=all", authorization);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("through");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/healthz", "/healthz/"})
    void shouldLeaveTheHealthCheckOpen(String path) throws Exception {
        assertThat(get(path, null).statusCode()).isEqualTo(200);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/", "/ui/app.js", "/ui/nothing-here"})
    void shouldLeaveTheWebViewsFilesOpenButNotItsData(String path) throws Exception {
        assertThat(get(path, null).statusCode()).isEqualTo(200);
        assertThat(get("/api/hosts", null).statusCode()).isEqualTo(401);
    }

    @ParameterizedTest(name = "{0}")
    // "/ui/../api/hosts" passes this filter, and is answered by WebUi, which owns every /ui/ path and
    // serves only its fixed bundle: a 404 (WebUiTest), never the API.
    @ValueSource(strings = {"/healthz/../api/hosts", "/ui%2F..%2Fapi/hosts", "/healthz/x", "/healthzz", "/api/healthz", "/healthz%2F..%2Fapi"})
    void shouldGuardEveryOtherPath(String path) throws Exception {
        assertThat(get(path, null).statusCode()).isEqualTo(401);
    }

    @Test
    void shouldGuardOtherMethodsOnTheHealthCheck() throws Exception {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri("/healthz"))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(401);
    }

    private HttpResponse<String> get(String path, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }
}
