package io.memfleet.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code memfleet local}, the README's first command: its own broker, the aggregator and a
 * collector for this host; the host must be listed within 30 s of start, with this JVM among its
 * processes, and everything it created must be gone after close.
 */
class LocalCommandIT {

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    @Timeout(180)
    void shouldListThisHostAndItsProcessesSoonAfterStart(@TempDir Path stateHome) throws Exception {
        LocalCommand options = new LocalCommand();
        new CommandLine(options).parseArgs("--http-port", "0", "--interval", "1s", "--host-id", "local-it-host",
                "--data-dir", stateHome.resolve("data").toString());

        try (LocalCommand.Local local = LocalCommand.Local.start(options)) {
            long startedAt = System.nanoTime();
            String api = local.aggregator.httpUrl();
            String myPid = Long.toString(ProcessHandle.current().pid());
            // The host shows with the first record folded; this JVM comes later in the pass, in pid order.
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                    .until(() -> get(api + "/api/hosts").toString().contains("local-it-host")
                            && get(api + "/api/hosts/local-it-host/processes").findValuesAsText("pid").contains(myPid));
            assertThat(Duration.ofNanos(System.nanoTime() - startedAt)).isLessThan(Duration.ofSeconds(30));
        }
        assertThat(Files.exists(stateHome.resolve("data/kafka"))).as("--data-dir is kept").isTrue();
    }

    private JsonNode get(String url) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        return response.statusCode() == 200 ? json.readTree(response.body()) : json.createArrayNode();
    }
}
