package io.memfleet.cli.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class AnomaliesQueryTest {

    static final String ANOMALIES = """
            [{"id":"a1","type":"HEAP_GROWTH","severity":"WARNING","status":"FIRING","hostId":"web 1/a",\
            "hostname":"web1.example","pid":4242,"startTime":123456,"processName":"java",\
            "detectedAt":"2026-11-30T09:40:00Z","summary":"java's anonymous memory grew 40% in 30 min",\
            "evidence":{"fromKb":1048576,"toKb":1468006}},
             {"id":"a2","type":"NEW_EXEC_MAPPING","severity":"CRITICAL","status":"RESOLVED","hostname":"db2",\
            "detectedAt":"2026-11-30T08:00:00Z","summary":"host-wide\\nsecond line","evidence":{}}]""";

    private FakeApi api;

    @BeforeEach
    void start() throws IOException {
        api = new FakeApi().answer("/api/anomalies", 200, ANOMALIES);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void shouldPrintAnomaliesAsATable() {
        var result = new QueryRun().run(api.url(), "anomalies");

        assertThat(result.exitCode()).isZero();
        assertThat(api.onlyRequest().pathAndQuery()).isEqualTo("/api/anomalies");
        assertThat(result.out()).isEqualTo("""
                DETECTED              SEVERITY  TYPE              STATUS    HOST      PID  NAME  SUMMARY
                2026-11-30T09:40:00Z  WARNING   HEAP_GROWTH       FIRING    web 1/a  4242  java  java's anonymous memory grew 40% in 30 min
                2026-11-30T08:00:00Z  CRITICAL  NEW_EXEC_MAPPING  RESOLVED  db2         -  -     host-wide\\nsecond line
                """);
    }

    @Test
    void shouldSendEveryFilterEncoded() {
        new QueryRun().run(api.url(), "anomalies", "--host", "web 1/a", "--type", "heap_growth", "--since", "-30m",
                "--status", "firing");

        assertThat(api.onlyRequest().pathAndQuery()).isEqualTo("/api/anomalies?hostId=web%201%2Fa&type=HEAP_GROWTH"
                + "&since=2026-11-30T09%3A30%3A00Z&status=FIRING");
    }

    @Test
    void shouldAskForOneProcessOfAHost() {
        new QueryRun().run(api.url(), "anomalies", "--host", "web-1", "--pid", "4242", "--start-time", "991");

        assertThat(api.onlyRequest().pathAndQuery()).isEqualTo("/api/anomalies?hostId=web-1&pid=4242&startTime=991");
    }

    @Test
    void shouldRefuseAPidWithoutItsHostBeforeAsking() {
        var noHost = new QueryRun().run(api.url(), "anomalies", "--pid", "4242");
        var noPid = new QueryRun().run(api.url(), "anomalies", "--host", "web-1", "--start-time", "991");

        assertThat(noHost.exitCode()).isEqualTo(2);
        assertThat(noHost.err()).contains("--pid needs --host");
        assertThat(noPid.exitCode()).isEqualTo(2);
        assertThat(noPid.err()).contains("--start-time needs --pid");
        assertThat(api.requests()).isEmpty();
    }

    @Test
    void shouldPrintAnOlderAggregatorsEpochMillisAsIso() {
        api.answer("/api/anomalies", 200, """
                [{"id":"a1","type":"HEAP_GROWTH","severity":"WARNING","status":"FIRING","hostId":"h","pid":1,\
                "processName":"java","detectedAt":1796004070861,"summary":"grew"}]""");

        var result = new QueryRun().run(api.url(), "anomalies");

        assertThat(result.out().lines().skip(1)).singleElement().asString().startsWith("2026-11-30T02:01:10.861Z  ");
    }

    @Test
    void shouldPassTheAnswerThroughWithJson() {
        var result = new QueryRun().run(api.url(), "anomalies", "--json");

        assertThat(result.out()).contains("\"detectedAt\":\"2026-11-30T09:40:00Z\"");
    }

    @Test
    void shouldSaySoWhenThereAreNone() {
        api.answer("/api/anomalies", 200, "[]");

        assertThat(new QueryRun().run(api.url(), "anomalies").out()).isEqualTo("no anomalies\n");
    }
}
