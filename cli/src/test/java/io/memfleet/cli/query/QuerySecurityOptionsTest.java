package io.memfleet.cli.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --token-file}, {@code --cacert} and what a 401 says. The TLS handshakes themselves are
 * proven against a real aggregator in {@code SecureApiIT}.
 */
@Timeout(30)
class QuerySecurityOptionsTest {

    @TempDir
    Path dir;
    private FakeApi api;

    @BeforeEach
    void start() throws IOException {
        api = new FakeApi().answer("/api/hosts", 200, "[]");
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void shouldSendTheTokenOfTheTokenFile() throws Exception {
        Path file = Files.writeString(dir.resolve("token"), "from-the-file\n");

        var result = new QueryRun().env("MEMFLEET_TOKEN", "from-env").run(api.url(), "hosts", "--token-file",
                file.toString());

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(api.onlyRequest().authorization()).isEqualTo("Bearer from-the-file");
    }

    @Test
    void shouldRefuseTwoTokens() throws Exception {
        Path file = Files.writeString(dir.resolve("token"), "a");

        var result = new QueryRun().run(api.url(), "hosts", "--token", "b", "--token-file", file.toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).isEqualTo("memfleet query: --token and --token-file: give one of them\n");
    }

    @Test
    void shouldNameATokenFileItCannotRead() {
        var result = new QueryRun().run(api.url(), "hosts", "--token-file", dir.resolve("nope").toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).startsWith("memfleet query: --token-file " + dir.resolve("nope") + ": cannot read it")
                .hasLineCount(1);
        assertThat(api.requests()).isEmpty();
    }

    @Test
    void shouldNameACaFileThatIsMissingOrNotPem() throws Exception {
        var missing = new QueryRun().run(api.url(), "hosts", "--cacert", dir.resolve("nope.pem").toString());
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).startsWith("memfleet query: --cacert " + dir.resolve("nope.pem") + ": cannot read it")
                .hasLineCount(1);

        Path garbage = Files.writeString(dir.resolve("ca.pem"), "not a certificate\n");
        var notPem = new QueryRun().env("MEMFLEET_CACERT", garbage.toString()).run(api.url(), "hosts");
        assertThat(notPem.exitCode()).isEqualTo(2);
        assertThat(notPem.err()).startsWith("memfleet query: MEMFLEET_CACERT " + garbage + ": ").hasLineCount(1);
        assertThat(api.requests()).isEmpty();
    }

    @Test
    void shouldSayHowToPassATokenWhenTheServerWantsOne() {
        api.answer("/api/hosts", 401, "{\"error\":\"this API needs a bearer token\",\"status\":401}");

        var result = new QueryRun().run(api.url(), "hosts");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("memfleet query: the aggregator at " + api.url() + " wants a token: pass "
                + "--token-file FILE, --token or MEMFLEET_TOKEN (HTTP 401)\n");
    }

    @Test
    void shouldSayTheTokenWasRefusedWithoutPrintingIt() {
        api.answer("/api/hosts", 401, "{\"error\":\"wrong bearer token\",\"status\":401}");

        var result = new QueryRun().run(api.url(), "hosts", "--token", "not-it-at-all");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("memfleet query: the aggregator at " + api.url() + " refused the token: "
                + "it must be the one in its http.auth.token.file (HTTP 401)\n");
    }
}
