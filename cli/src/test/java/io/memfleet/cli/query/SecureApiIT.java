package io.memfleet.cli.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.memfleet.aggregator.Aggregator;
import io.memfleet.aggregator.AggregatorConfig;
import io.memfleet.aggregator.TopicSetup;
import io.memfleet.aggregator.query.InstanceRouter;
import io.memfleet.schema.Mapping;
import io.memfleet.schema.ProcessSample;
import io.memfleet.schema.SampleRecord;
import io.memfleet.schema.codec.WireFormat;
import io.memfleet.schema.kafka.SampleRecordSerde;
import io.memfleet.schema.kafka.Topics;
import io.memfleet.testkit.TestCertificates;
import io.memfleet.testkit.TestKafka;
import io.memfleet.testkit.WithKafka;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two aggregator instances with a bearer token and HTTPS (a certificate from a CA the test makes):
 * without the token every route but /healthz is 401, plain HTTP to the port gets no answer, a
 * client that does not trust the CA gets no connection; with both, either instance answers for
 * every host by forwarding over HTTPS with the token; and {@code memfleet query} works with
 * {@code --token-file} and {@code --cacert} and fails in one line without either.
 */
@WithKafka
class SecureApiIT {

    private static final String PID = "10";
    private final ObjectMapper json = new ObjectMapper();

    @Test
    @Timeout(300)
    void shouldServeOnlyAuthenticatedHttpsAndStillForwardBetweenInstances(TestKafka kafka, @TempDir Path dir)
            throws Exception {
        TestCertificates tls = TestCertificates.generate(Files.createDirectory(dir.resolve("tls")));
        String token = UUID.randomUUID().toString().replace("-", "");
        Path tokenFile = Files.writeString(dir.resolve("api.token"), token + "\n");
        Files.setPosixFilePermissions(tokenFile, PosixFilePermissions.fromString("rw-------"));

        TopicSetup.ensureTopics(kafka.admin(), 3, (short) -1);
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<String> hostIds = IntStream.range(0, 8).mapToObj(i -> "secure-" + run + "-" + i).toList();
        produce(kafka, hostIds);
        Map<String, Object> settings = settings(kafka, "it-secure-" + run, tokenFile, tls);

        assertThatThrownBy(() -> start(with(settings, AggregatorConfig.HTTP_TLS_KEYSTORE_PASSWORD, "wrong"),
                dir.resolve("never")))
                .isInstanceOf(ConfigException.class)
                .hasMessage(AggregatorConfig.HTTP_TLS_KEYSTORE_FILE + "=" + tls.keyStore()
                        + " cannot be opened with the password given (" + AggregatorConfig.HTTP_TLS_KEYSTORE_PASSWORD + ")");

        HttpClient trusting = HttpClient.newBuilder().sslContext(trusting(tls)).build();
        try (Aggregator first = start(settings, dir.resolve("a")); Aggregator second = start(settings, dir.resolve("b"))) {
            List<Aggregator> both = List.of(first, second);
            assertThat(first.httpUrl()).startsWith("https://127.0.0.1:");
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                    .until(() -> everyInstanceListsAll(trusting, token, both, hostIds)
                            && eachOwnsSome(trusting, token, both, hostIds));

            String hosts = first.httpUrl() + "/api/hosts";
            HttpResponse<String> anonymous = get(trusting, hosts, null);
            assertThat(anonymous.statusCode()).isEqualTo(401);
            assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"memfleet\"");
            assertThat(json.readTree(anonymous.body()).get("status").asInt()).isEqualTo(401);
            assertThat(get(trusting, hosts, "Bearer " + token.substring(1)).statusCode()).isEqualTo(401);
            assertThat(get(trusting, first.httpUrl() + "/healthz", null).statusCode()).isEqualTo(200);
            assertThat(get(trusting, hosts, "Bearer " + token).statusCode()).isEqualTo(200);

            String plain = hosts.replace("https://", "http://");
            assertThatThrownBy(() -> get(HttpClient.newHttpClient(), plain, "Bearer " + token))
                    .as("plain HTTP to the HTTPS port").isInstanceOf(IOException.class);
            assertThatThrownBy(() -> get(HttpClient.newHttpClient(), hosts, "Bearer " + token))
                    .as("a client that does not trust the test CA").isInstanceOf(SSLHandshakeException.class);

            // Either instance answers for every host: half of them by forwarding, over HTTPS, with the token.
            for (Aggregator instance : both) {
                for (String hostId : hostIds) {
                    HttpResponse<String> history = get(trusting, instance.httpUrl() + "/api/hosts/" + hostId
                            + "/processes/" + PID + "/history?fields=vmRssKb&from="
                            + Instant.now().minus(Duration.ofMinutes(10)), "Bearer " + token);
                    assertThat(history.statusCode()).as(history.body()).isEqualTo(200);
                    assertThat(json.readTree(history.body()).get("points")).hasSize(3);
                }
                HttpResponse<String> anomalies = get(trusting, instance.httpUrl() + "/api/anomalies", "Bearer " + token);
                assertThat(anomalies.statusCode()).as("merged from both instances: %s", anomalies.body()).isEqualTo(200);
            }

            assertQueryCommand(first, second, hostIds, tls, tokenFile);
        }
    }

    private static void assertQueryCommand(Aggregator first, Aggregator second, List<String> hostIds,
                                           TestCertificates tls, Path tokenFile) {
        var listed = new QueryRun().run(first.httpUrl(), "hosts", "--json", "--token-file", tokenFile.toString(),
                "--cacert", tls.caPem().toString());
        assertThat(listed.exitCode()).as(listed.err()).isZero();
        assertThat(listed.out()).contains(hostIds);
        for (String hostId : hostIds) {
            var processes = new QueryRun().env("MEMFLEET_CACERT", tls.caPem().toString())
                    .run(second.httpUrl(), "processes", hostId, "--token-file", tokenFile.toString());
            assertThat(processes.exitCode()).as(processes.err()).isZero();
            assertThat(processes.out()).contains("app");
        }

        var noToken = new QueryRun().run(first.httpUrl(), "hosts", "--cacert", tls.caPem().toString());
        assertThat(noToken.exitCode()).isEqualTo(1);
        assertThat(noToken.err()).isEqualTo("memfleet query: the aggregator at " + first.httpUrl()
                + " wants a token: pass --token-file FILE, --token or MEMFLEET_TOKEN (HTTP 401)\n");

        var noCa = new QueryRun().run(first.httpUrl(), "hosts", "--token-file", tokenFile.toString());
        assertThat(noCa.exitCode()).isEqualTo(1);
        assertThat(noCa.err()).isEqualTo("memfleet query: cannot verify the TLS certificate of " + first.httpUrl()
                + ": no trusted CA signed it; pass the CA's certificate with --cacert FILE (or MEMFLEET_CACERT)\n");

        String plain = first.httpUrl().replace("https://", "http://");
        var overHttp = new QueryRun().run(plain, "hosts", "--token-file", tokenFile.toString());
        assertThat(overHttp.exitCode()).isEqualTo(1);
        assertThat(overHttp.err()).startsWith("memfleet query: cannot talk to " + plain + ": ")
                .endsWith("; if the aggregator serves HTTPS, use an https:// URL\n").hasLineCount(1);
    }

    private static Map<String, Object> settings(TestKafka kafka, String applicationId, Path tokenFile,
                                                TestCertificates tls) {
        Map<String, Object> settings = new HashMap<>();
        settings.put(AggregatorConfig.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
        settings.put(AggregatorConfig.APPLICATION_ID, applicationId);
        settings.put(AggregatorConfig.HTTP_PORT, 0);
        settings.put(AggregatorConfig.TOPIC_PARTITIONS, 3);
        settings.put(AggregatorConfig.HTTP_AUTH_TOKEN_FILE, tokenFile.toString());
        settings.put(AggregatorConfig.HTTP_TLS_KEYSTORE_FILE, tls.keyStore().toString());
        settings.put(AggregatorConfig.HTTP_TLS_KEYSTORE_PASSWORD, tls.password());
        settings.put(AggregatorConfig.HTTP_TLS_TRUSTSTORE_FILE, tls.trustStore().toString());
        settings.put(AggregatorConfig.HTTP_TLS_TRUSTSTORE_PASSWORD, tls.password());
        // As ScaleOutIT: rebalance quickly, and hand tasks to a joining instance at once.
        settings.put("kafka.session.timeout.ms", "6000");
        settings.put("kafka.heartbeat.interval.ms", "500");
        settings.put("kafka.acceptable.recovery.lag", Long.toString(Long.MAX_VALUE));
        return settings;
    }

    private static Map<String, Object> with(Map<String, Object> settings, String key, Object value) {
        Map<String, Object> changed = new HashMap<>(settings);
        changed.put(key, value);
        return changed;
    }

    private static Aggregator start(Map<String, Object> settings, Path stateDir) {
        Aggregator aggregator = new Aggregator(new AggregatorConfig(with(settings, AggregatorConfig.STATE_DIR,
                stateDir.toString())));
        aggregator.start();
        return aggregator;
    }

    /** Three samples of one process (pid 10) for each host, a minute apart, ending now. */
    private static void produce(TestKafka kafka, List<String> hostIds) {
        long end = System.currentTimeMillis();
        try (KafkaProducer<String, SampleRecord> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()), new StringSerializer(),
                new SampleRecordSerde(WireFormat.JSON).serializer())) {
            for (String hostId : hostIds) {
                for (int i = 0; i < 3; i++) {
                    List<Mapping> mappings = i == 0
                            ? List.of(Mapping.of(0x400000, 0x401000, "r-xp", 0, "fd:01", 7, "/usr/bin/app")) : null;
                    ProcessSample sample = new ProcessSample("run", i + 1, hostId, "boot", Integer.parseInt(PID), 100,
                            1, "app", 0, "S", 1, end - (2 - i) * 60_000L, null, null, null, null, null, 1_000L + i,
                            null, null, null, null, null, null, null, null, null, 1, "d", mappings, null, null);
                    producer.send(new ProducerRecord<>(Topics.SAMPLES, hostId, sample));
                }
            }
            producer.flush();
        }
    }

    private static SSLContext trusting(TestCertificates tls) throws Exception {
        KeyStore trustStore = KeyStore.getInstance(tls.trustStore().toFile(), tls.password().toCharArray());
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trustStore);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    private static HttpResponse<String> get(HttpClient client, String url, String authorization) throws Exception {
        return get(client, url, authorization, false);
    }

    private static HttpResponse<String> get(HttpClient client, String url, String authorization, boolean localOnly)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (localOnly) {
            request.header(InstanceRouter.FORWARDED_HEADER, "1");
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private boolean everyInstanceListsAll(HttpClient client, String token, List<Aggregator> instances,
                                          List<String> hostIds) throws Exception {
        for (Aggregator instance : instances) {
            HttpResponse<String> response = get(client, instance.httpUrl() + "/api/hosts", "Bearer " + token);
            if (response.statusCode() != 200 || !ids(json.readTree(response.body())).containsAll(hostIds)) {
                return false;
            }
        }
        return true;
    }

    private boolean eachOwnsSome(HttpClient client, String token, List<Aggregator> instances, List<String> hostIds)
            throws Exception {
        for (Aggregator instance : instances) {
            HttpResponse<String> response = get(client, instance.httpUrl() + "/api/hosts", "Bearer " + token, true);
            Set<String> local = response.statusCode() == 200 ? ids(json.readTree(response.body())) : new HashSet<>();
            local.retainAll(hostIds);
            if (local.isEmpty()) {
                return false;
            }
        }
        return true;
    }

    private static Set<String> ids(JsonNode hosts) {
        Set<String> ids = new HashSet<>();
        hosts.forEach(host -> ids.add(host.get("hostId").asText()));
        return ids;
    }
}
