package io.memfleet.aggregator.query;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.memfleet.schema.codec.JsonCodec;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

/** How a route's result or failure becomes an HTTP answer, on a real server with a table of test routes. */
@Timeout(30)
class ApiHandlerTest {

    /** What the test routes do, set per test. */
    private final AtomicReference<Route.Handler<Object>> behaviour = new AtomicReference<>();
    private final AtomicReference<KafkaStreams.State> streams = new AtomicReference<>(KafkaStreams.State.RUNNING);
    private final AtomicReference<ApiResult> owner = new AtomicReference<>();
    private final RouteTable<Object> table = new RouteTable<>(List.of(
            Route.get("/open", Route.Scope.ANY_STATE, (e, call) -> behaviour.get().handle(e, call)),
            Route.get("/data", Route.Scope.STORES, (e, call) -> behaviour.get().handle(e, call)),
            Route.get("/hosts/{hostId}", Route.Scope.HOST, (e, call) -> behaviour.get().handle(e, call))));
    private final ObjectMapper json = JsonCodec.newMapper();
    private final HttpClient client = HttpClient.newHttpClient();
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(ApiHandler.class);
    private HttpServer server;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", new ApiHandler<>(table, new Object(), streams::get,
                (hostId, call) -> Optional.ofNullable(owner.get()), json));
        server.start();
        log.start();
        logger.addAppender(log);
    }

    @AfterEach
    void stop() {
        logger.detachAppender(log);
        server.stop(0);
    }

    @Test
    void shouldAnswerAnUnexpectedExceptionWith500LoggedOnceWithItsStackTrace() throws Exception {
        behaviour.set((e, call) -> {
            throw new IllegalStateException("a bug");
        });

        HttpResponse<String> response = get("/data?x=1");

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.headers().firstValue("Retry-After")).isEmpty();
        JsonNode body = json.readTree(response.body());
        assertThat(body.get("status").asInt()).isEqualTo(500);
        assertThat(body.get("error").asText()).contains("internal error").doesNotContainIgnoringCase("retry")
                .doesNotContain("cannot answer now");
        assertThat(log.list).singleElement().satisfies(event -> {
            assertThat(event.getLevel()).isEqualTo(Level.ERROR);
            assertThat(event.getFormattedMessage()).isEqualTo("GET /data?x=1 failed");
            assertThat(event.getThrowableProxy().getMessage()).isEqualTo("a bug");
        });
    }

    @Test
    void shouldAnswerAStoreMigratingWith503AndRetryAfter() throws Exception {
        behaviour.set((e, call) -> {
            throw new InvalidStateStoreException("the state store, processes, may have migrated to another instance");
        });

        HttpResponse<String> response = get("/data");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).hasValue(ApiHandler.RETRY_AFTER_SECONDS);
        assertThat(json.readTree(response.body()).get("error").asText()).startsWith("cannot answer now: ")
                .contains("migrated");
        assertThat(log.list).noneMatch(event -> event.getLevel() == Level.ERROR);
    }

    @Test
    void shouldAnswer503WhenStreamsLeftRunningDuringTheQuery() throws Exception {
        behaviour.set((e, call) -> {
            streams.set(KafkaStreams.State.PENDING_SHUTDOWN);
            throw new IllegalStateException("KafkaStreams is not running. State is PENDING_SHUTDOWN.");
        });

        HttpResponse<String> response = get("/data");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).isPresent();
        assertThat(log.list).noneMatch(event -> event.getLevel() == Level.ERROR);
    }

    @Test
    void shouldAnswerDataPathsWith503UntilStreamsRuns() throws Exception {
        behaviour.set((e, call) -> ApiResult.ok(Map.of("answered", true)));
        streams.set(KafkaStreams.State.REBALANCING);

        HttpResponse<String> data = get("/data");
        HttpResponse<String> open = get("/open");

        assertThat(data.statusCode()).isEqualTo(503);
        assertThat(data.headers().firstValue("Retry-After")).isPresent();
        assertThat(data.body()).isEqualTo("{\"error\":\"state stores are not ready (Kafka Streams is REBALANCING)\","
                + "\"status\":503}");
        assertThat(open.statusCode()).isEqualTo(200);
    }

    @Test
    void shouldAnswerAnUnknownPathWith404WhateverTheStreamsState() throws Exception {
        streams.set(KafkaStreams.State.REBALANCING);

        HttpResponse<String> response = get("/data/x%2Fy");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).isEqualTo("{\"error\":\"no such resource: /data/x/y\",\"status\":404}");
        assertThat(table.label("/data/x%2Fy")).isEqualTo(RouteTable.OTHER);
    }

    @Test
    void shouldNameTheParameterA400IsAbout() throws Exception {
        behaviour.set((e, call) -> ApiResult.ok(call.request().integer("limit", 1, 1, 10)));

        HttpResponse<String> response = get("/data?limit=11");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json.readTree(response.body()).get("error").asText())
                .isEqualTo("bad parameter limit='11': expected a whole number from 1 to 10");
    }

    @Test
    void shouldRefuseOtherMethodsWith405NamingGet() throws Exception {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri("/data"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.headers().firstValue("Allow")).hasValue("GET");
    }

    @Test
    void shouldPassOnTheOwnersAnswerForAHostItDoesNotOwn() throws Exception {
        behaviour.set((e, call) -> ApiResult.ok("answered here"));
        owner.set(new ApiResult.Forwarded(404, "{\"error\":\"unknown host 'a/b'\",\"status\":404}"
                .getBytes(StandardCharsets.UTF_8)));

        HttpResponse<String> forwarded = get("/hosts/a%2Fb");
        owner.set(null);
        HttpResponse<String> local = get("/hosts/a%2Fb");

        assertThat(forwarded.statusCode()).isEqualTo(404);
        assertThat(forwarded.body()).isEqualTo("{\"error\":\"unknown host 'a/b'\",\"status\":404}");
        assertThat(local.statusCode()).isEqualTo(200);
        assertThat(local.body()).isEqualTo("\"answered here\"");
    }

    @Test
    void shouldGiveTheHandlerTheDecodedVariable() throws Exception {
        behaviour.set((e, call) -> ApiResult.ok(Map.of("hostId", call.hostId(), "forwarded", call.forwarded(),
                "pathAndQuery", call.pathAndQuery())));

        HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri("/hosts/a%2Fb?q=%20"))
                        .header(InstanceRouter.FORWARDED_HEADER, "1").build(), HttpResponse.BodyHandlers.ofString());

        JsonNode body = json.readTree(response.body());
        assertThat(body.get("hostId").asText()).isEqualTo("a/b");
        assertThat(body.get("forwarded").asBoolean()).isTrue();
        assertThat(body.get("pathAndQuery").asText()).isEqualTo("/hosts/a%2Fb?q=%20");
    }

    private HttpResponse<String> get(String pathAndQuery) throws Exception {
        return client.send(HttpRequest.newBuilder(uri(pathAndQuery)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + pathAndQuery);
    }
}
