package io.memfleet.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.memfleet.alerts.AlertmanagerClient.Accepted;
import io.memfleet.alerts.AlertmanagerClient.Outcome;
import io.memfleet.alerts.AlertmanagerClient.Rejected;
import io.memfleet.alerts.AlertmanagerClient.Retriable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which answers deliver a batch, which are retried, and which reject it for good. */
class AlertmanagerClientTest {

    private final List<HttpServer> servers = new ArrayList<>();
    private final List<JsonNode> bodies = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        servers.forEach(server -> server.stop(0));
    }

    private URI answering(int status, String body) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/v2/alerts", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                bodies.add(new ObjectMapper().readTree(in));
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
        servers.add(server);
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/api/v2/alerts");
    }

    private static Outcome post(URI... endpoints) {
        PostableAlert alert = AlertMapping.firing(AlertMappingTest.firing(), AlertMappingTest.DETECTED,
                AlertMappingTest.SETTINGS);
        return new AlertmanagerClient(List.of(endpoints), Duration.ofSeconds(2)).post(List.of(alert));
    }

    @Test
    void shouldDeliverAJsonArrayOfAlertsOn200() throws IOException {
        assertThat(post(answering(200, ""))).isEqualTo(new Accepted(List.of()));
        assertThat(bodies).hasSize(1);
        assertThat(bodies.get(0).isArray()).isTrue();
        assertThat(bodies.get(0).get(0).get("labels").get("alertname").asText()).isEqualTo("FILELESS_EXEC");
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 413, 422})
    void shouldRejectForGoodWhatSaysTheAlertIsInvalid(int status) throws IOException {
        Outcome outcome = post(answering(status, "invalid label set: invalid name \"bad-label\""));
        assertThat(outcome).isInstanceOf(Rejected.class);
        assertThat(((Rejected) outcome).reason()).contains("HTTP " + status).contains("bad-label");
    }

    @ParameterizedTest
    @ValueSource(ints = {500, 503, 429, 404, 401, 403, 302})
    void shouldRetryWhatSaysAlertmanagerOrItsAddressIsWrong(int status) throws IOException {
        assertThat(post(answering(status, "no"))).isInstanceOf(Retriable.class);
    }

    @Test
    void shouldRetryWhenNothingListens() throws IOException {
        int port = RealAlertmanager.freePort();
        Outcome outcome = post(URI.create("http://127.0.0.1:" + port + "/api/v2/alerts"));
        assertThat(outcome).isInstanceOf(Retriable.class);
        assertThat(((Retriable) outcome).reason()).contains("127.0.0.1:" + port).contains("connection refused");
    }

    @Test
    void shouldCountOneAcceptanceOfAnHaPairAsDeliveredAndSayWhoFailed() throws IOException {
        URI down = URI.create("http://127.0.0.1:" + RealAlertmanager.freePort() + "/api/v2/alerts");
        Outcome outcome = post(answering(200, ""), down);
        assertThat(outcome).isInstanceOf(Accepted.class);
        assertThat(((Accepted) outcome).failures()).singleElement().asString().contains(down.toString());
    }
}
