package io.memfleet.cli.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Exit 1 and one line for a server error or no server; exit 2 and one line for a bad argument. */
@Timeout(30)
class QueryErrorsTest {

    private FakeApi api;

    @BeforeEach
    void start() throws IOException {
        api = new FakeApi();
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void shouldPrintTheServersErrorFor404() {
        var result = new QueryRun().run(api.url(), "host", "nope");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).isEqualTo("memfleet query: no such resource: /api/hosts/nope (HTTP 404)\n");
    }

    @ParameterizedTest(name = "HTTP {0}")
    @CsvSource(delimiter = '|', value = {
        "400|bad parameter state='x': expected live or all",
        "503|state stores are not ready (Kafka Streams is REBALANCING)",
        "500|cannot answer now: boom",
    })
    void shouldPrintTheServersErrorAndExit1(int status, String message) {
        api.answer("/api/hosts", status, "{\"error\":\"" + message + "\",\"status\":" + status + "}");

        var result = new QueryRun().run(api.url(), "hosts");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("memfleet query: " + message + " (HTTP " + status + ")\n");
    }

    @Test
    void shouldPrintErrorsOnStderrEvenWithJson() {
        api.answer("/api/hosts", 503, "{\"error\":\"not ready\",\"status\":503}");

        var result = new QueryRun().run(api.url(), "hosts", "--json");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).isEqualTo("memfleet query: not ready (HTTP 503)\n");
    }

    @Test
    void shouldDescribeAnErrorThatIsNotOurJson() {
        api.answer("/api/hosts", 502, "<html>\n<body>Bad Gateway</body></html>");

        var result = new QueryRun().run(api.url(), "hosts");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("memfleet query: the server answered: <html> (HTTP 502)\n");
    }

    @Test
    void shouldFailCleanlyOnAnAnswerThatIsNotJson() {
        api.answer("/api/hosts", 200, "hello");

        var result = new QueryRun().run(api.url(), "hosts");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).startsWith("memfleet query: the server's answer is not JSON: Unrecognized token 'hello'")
                .hasLineCount(1);
    }

    @Test
    void shouldFailCleanlyOnJsonOfTheWrongShape() {
        api.answer("/api/hosts", 200, "{\"hosts\":[]}");

        var result = new QueryRun().run(api.url(), "hosts");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("memfleet query: unexpected answer: expected a JSON array of hosts, got object\n");
    }

    @Test
    void shouldNameTheUrlAndSuggestUrlWhenRefused() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        String url = "http://127.0.0.1:" + port;

        var result = new QueryRun().run(url, "hosts");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).hasLineCount(1)
                .startsWith("memfleet query: cannot connect to " + url + " (")
                .endsWith("); is the aggregator running? Point --url (or MEMFLEET_URL) at it\n");
    }

    @Test
    void shouldGiveUpAfterTheTimeout() {
        api.answerSlowly("/api/hosts", 3000, "[]");

        var result = new QueryRun().run(api.url(), "hosts", "--timeout", "200ms");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("memfleet query: no answer from " + api.url() + " within 200ms (raise --timeout)\n");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "history h abc|PID must be a process id (a whole number from 1), not \"abc\"",
        "mappings h 0|PID must be a process id (a whole number from 1), not \"0\"",
        "changes h -5|PID must be a process id (a whole number from 1), not \"-5\"",
        "history h 1 --from yesterday|--from yesterday: not a time; use ISO-8601 (2026-11-30T10:00:00Z), "
                + "a time relative to now (-30m, -1h, -2d) or now",
        "history h 1 --from -1h --to -2h|--from -1h is after --to -2h (2026-11-30T09:00:00Z > 2026-11-30T08:00:00Z)",
        "history h 1 --max-points 0|--max-points 0: expected a whole number from 1",
        "history h 1 --fields vm-rss|--fields vm-rss: expected field names separated by commas, such as vmRssKb,rssAnonKb",
        "mappings h 1 --start-time x|--start-time x: expected clock ticks since boot (a whole number from 0; "
                + "field 22 of /proc/PID/stat)",
        "mappings h 1 --at 2026-11-30T10:00|--at 2026-11-30T10:00: no time zone; add Z for UTC (2026-11-30T10:00Z) "
                + "or an offset such as +01:00",
        "anomalies --status open|--status open: expected FIRING or RESOLVED",
        "anomalies --since 5m|--since 5m: not a time; use ISO-8601 (2026-11-30T10:00:00Z), "
                + "a time relative to now (-30m, -1h, -2d) or now",
        "hosts --timeout soon|--timeout soon: expected a positive duration such as 500ms, 10s or 1m",
    })
    void shouldRejectBadArgumentsWithExit2AndOneLine(String args, String message) {
        var result = new QueryRun().run(api.url(), args.split(" "));

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).isEqualTo("memfleet query: " + message + "\n");
        assertThat(api.requests()).isEmpty();
    }

    @Test
    void shouldRejectAnEmptyHost() {
        var result = new QueryRun().run(api.url(), "processes", "");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).isEqualTo("memfleet query: HOST must be a host id (see 'memfleet query hosts'), not empty\n");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "ftp://x:1|--url ftp://x:1: expected http://HOST:PORT or https://HOST:PORT",
        "localhost:8080|--url localhost:8080: expected http://HOST:PORT or https://HOST:PORT",
        "http://a b|--url http://a b: not a URL (Illegal character in authority); expected http://HOST:PORT",
    })
    void shouldRejectABadUrl(String url, String message) {
        var result = new QueryRun().run(url, "hosts");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).isEqualTo("memfleet query: " + message + "\n");
    }

    @Test
    void shouldNameTheEnvironmentVariableWhenItsUrlIsBad() {
        var result = new QueryRun().env("MEMFLEET_URL", "nonsense").run(null, "hosts");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).isEqualTo("memfleet query: MEMFLEET_URL nonsense: expected http://HOST:PORT or https://HOST:PORT\n");
    }

    @Test
    void shouldLeaveMissingParametersToPicocliWithExit2() {
        var result = new QueryRun().run(api.url(), "history", "h");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).startsWith("Missing required parameter: 'PID'");
    }

    @Test
    void shouldAskForASubcommand() {
        var result = new QueryRun().run(api.url());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).startsWith(
                "name a query: hosts, host, processes, history, mappings, changes or anomalies");
    }
}
