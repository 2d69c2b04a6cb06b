package io.memfleet.aggregator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.memfleet.broker.EmbeddedKafkaBroker;
import io.memfleet.collector.CollectorCommand;
import io.memfleet.common.Cli;
import io.memfleet.common.ConfigFiles;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The collector and the aggregator against a broker that authenticates (SASL_PLAINTEXT,
 * SCRAM-SHA-512), configured only through {@code kafka.*} keys in their properties files: with the
 * right password the samples arrive and can be queried; with a wrong one each stops with one line
 * that names authentication and exit status 1, instead of retrying in silence.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class KafkaSaslIT {

    private static final String USER = "memfleet";
    private static final String PASSWORD = "right-password-1";
    private static final long MY_PID = ProcessHandle.current().pid();

    @TempDir
    static Path brokerDir;
    private static EmbeddedKafkaBroker broker;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    static void startBroker() {
        // Its own broker: the shared test cluster has no SASL listener.
        broker = EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Options.defaults().withDataDir(brokerDir)
                .withScramUser(USER, PASSWORD));
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    /** A properties file with bootstrap.servers on the SASL listener and the kafka.* SASL keys. */
    private static Path config(Path dir, String name, String password, String... more) throws Exception {
        List<String> lines = new ArrayList<>(List.of(
                "bootstrap.servers=" + broker.saslBootstrapServers(),
                "kafka.security.protocol=SASL_PLAINTEXT",
                "kafka.sasl.mechanism=SCRAM-SHA-512",
                "kafka.sasl.jaas.config=" + EmbeddedKafkaBroker.ScramUser.jaasConfig(USER, password)));
        lines.addAll(List.of(more));
        return Files.write(dir.resolve(name), lines);
    }

    @Test
    void shouldCollectAndServeThroughSaslScram(@TempDir Path dir) throws Exception {
        String hostId = "sasl-" + UUID.randomUUID();
        Path aggregatorConfig = config(dir, "aggregator.properties", PASSWORD,
                "application.id=it-sasl-" + hostId, "state.dir=" + dir.resolve("state"), "http.port=0",
                "topic.partitions=3");
        try (Aggregator aggregator = new Aggregator(new AggregatorConfig(
                ConfigFiles.load(aggregatorConfig, AggregatorConfig.DEFAULT_CONFIG_FILE)))) {
            aggregator.start(); // creates the topics over SASL
            assertThat(aggregator.awaitRunning(Duration.ofSeconds(90))).isTrue();

            Run collector = run(new CollectorCommand(), "--config", config(dir, "collector.properties", PASSWORD)
                    .toString(), "--once", "--host-id", hostId, "--spool-dir", dir.resolve("spool").toString());
            assertThat(collector.exitCode()).as(collector.err()).isEqualTo(0);

            // This JVM among the processes that went through SASL, once the aggregator folded them.
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300))
                    .until(() -> pids(get(aggregator.httpUrl() + "/api/hosts/" + hostId + "/processes")),
                            pids -> pids.contains(MY_PID));
            JsonNode host = get(aggregator.httpUrl() + "/api/hosts/" + hostId);
            assertThat(host.get("samplesLost").asLong()).isZero();
        }
    }

    @Test
    void shouldStopTheCollectorWithOneLineWhenTheBrokerRefusesItsPassword(@TempDir Path dir) throws Exception {
        Path wrong = config(dir, "collector.properties", "wrong-password");

        Run once = run(new CollectorCommand(), "--config", wrong.toString(), "--once", "--host-id", "sasl-wrong",
                "--spool-dir", dir.resolve("spool-once").toString());
        assertRefusedInOneLine(once, "collector");

        // The service: it must not keep sampling into the spool and retrying a password that cannot work.
        long started = System.nanoTime();
        Run service = run(new CollectorCommand(), "--config", wrong.toString(), "--interval", "1s", "--host-id",
                "sasl-wrong", "--spool-dir", dir.resolve("spool-service").toString());
        assertRefusedInOneLine(service, "collector");
        assertThat(service.err()).contains("records stay in spool");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(60));
    }

    @Test
    void shouldStopTheAggregatorWithOneLineWhenTheBrokerRefusesItsPassword(@TempDir Path dir) throws Exception {
        Path wrong = config(dir, "aggregator.properties", "wrong-password",
                "application.id=it-sasl-wrong", "http.port=0");

        Run aggregator = run(new AggregatorCommand(), "--config", wrong.toString(), "--state-dir",
                dir.resolve("state").toString());

        assertRefusedInOneLine(aggregator, "aggregator");
    }

    private static void assertRefusedInOneLine(Run run, String command) {
        assertThat(run.exitCode()).as(run.err()).isEqualTo(Cli.EXIT_FAILURE);
        assertThat(run.err().lines().toList()).as(run.err()).hasSize(1);
        assertThat(run.err()).startsWith("memfleet " + command + ": Kafka at " + broker.saslBootstrapServers()
                        + " refused to authenticate this client (authentication failed: ")
                .contains("SCRAM-SHA-512")
                .contains("check kafka.security.protocol, kafka.sasl.mechanism and kafka.sasl.jaas.config")
                .doesNotContain("wrong-password");
    }

    private record Run(int exitCode, String err) {
    }

    /** Runs a command as the launcher does, on another thread so a hang fails the test instead of stalling it. */
    private static Run run(Object command, String... args) throws Exception {
        StringWriter err = new StringWriter();
        CommandLine commandLine = Cli.commandLine(command);
        commandLine.setErr(new PrintWriter(err, true));
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try {
            Future<Integer> exit = thread.submit(() -> commandLine.execute(args));
            return new Run(exit.get(120, TimeUnit.SECONDS), err.toString());
        } finally {
            thread.shutdownNow();
        }
    }

    private static List<Long> pids(JsonNode processes) {
        List<Long> pids = new ArrayList<>();
        if (processes != null) {
            processes.forEach(p -> pids.add(p.get("pid").asLong()));
        }
        return pids;
    }

    private JsonNode get(String url) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        return response.statusCode() == 200 ? json.readTree(response.body()) : null;
    }
}
