package io.memfleet.cli.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.memfleet.cli.MemfleetMain;
import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

@Timeout(30)
class QueryOptionsTest {

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
    void shouldTakeGlobalOptionsBeforeOrAfterTheSubcommand() {
        assertThat(new QueryRun().run(null, "--url", api.url(), "--json", "hosts").out()).isEqualTo("[]\n");
        assertThat(new QueryRun().run(null, "hosts", "--url", api.url(), "--json").out()).isEqualTo("[]\n");
    }

    @Test
    void shouldUseMemfleetUrlWhenThereIsNoUrlOption() {
        var result = new QueryRun().env("MEMFLEET_URL", api.url() + "/").run(null, "hosts", "--json");

        assertThat(result.exitCode()).isZero();
        assertThat(api.onlyRequest().rawPath()).isEqualTo("/api/hosts");
    }

    @Test
    void shouldPreferTheUrlOptionToTheEnvironment() {
        var result = new QueryRun().env("MEMFLEET_URL", "http://127.0.0.1:1").run(api.url(), "hosts");

        assertThat(result.exitCode()).isZero();
    }

    @Test
    void shouldSendNoAuthorizationWithoutAToken() {
        new QueryRun().run(api.url(), "hosts");

        assertThat(api.onlyRequest().authorization()).isNull();
    }

    @Test
    void shouldSendTheTokenFromTheEnvironmentAsBearer() {
        new QueryRun().env("MEMFLEET_TOKEN", "s3cret").run(api.url(), "hosts");

        assertThat(api.onlyRequest().authorization()).isEqualTo("Bearer s3cret");
    }

    @Test
    void shouldPreferTheTokenOption() {
        new QueryRun().env("MEMFLEET_TOKEN", "s3cret").run(api.url(), "hosts", "--token", "other");

        assertThat(api.onlyRequest().authorization()).isEqualTo("Bearer other");
    }

    @Test
    void shouldRejectATokenThatCannotBeAHeaderWithoutPrintingIt() {
        var result = new QueryRun().run(api.url(), "hosts", "--token", "s3cret\r\nX: y");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).isEqualTo(
                "memfleet query: --token: a token must be non-empty, without spaces or control characters\n");
        assertThat(api.requests()).isEmpty();
    }

    @Test
    void shouldHaveUsageForEverySubcommand() {
        var result = new QueryRun().run(null, "--help");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("Usage: query [-hV] [--json] [--pretty]")
                .contains("hosts", "host", "processes", "history", "mappings", "changes", "anomalies", "--url=URL");
        assertThat(new QueryRun().run(null, "history", "--help").out()).contains("--max-points=N", "--url=URL");
    }

    @Test
    void shouldBeACommandOfTheLauncher() {
        CommandLine launcher = new CommandLine(new MemfleetMain());

        assertThat(launcher.getSubcommands()).containsKey("query");
        assertThat(launcher.getSubcommands().get("query").getSubcommands())
                .containsOnlyKeys("hosts", "host", "processes", "history", "mappings", "changes", "anomalies");
    }
}
