package io.memfleet.cli.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class HistoryQueryTest {

    private static final String PATH = "/api/hosts/web%201%2Fa/processes/4242/history";

    static final String RAW = """
            {"hostId":"web 1/a","pid":4242,"startTime":123456,"name":"java","from":"2026-11-30T09:00:00Z",\
            "to":"2026-11-30T10:00:00Z","resolution":"raw","fields":["vmRssKb","threads"],"points":[
             {"t":"2026-11-30T09:00:00Z","vmRssKb":1048576,"threads":50},
             {"t":"2026-11-30T09:00:10Z","vmRssKb":1258291},
             {"t":"2026-11-30T09:00:20Z","vmRssKb":1572864,"threads":57}]}""";

    static final String AGGREGATED = """
            {"hostId":"web 1/a","pid":4242,"startTime":123456,"name":"java","from":"2026-11-29T10:00:00Z",\
            "to":"2026-11-30T10:00:00Z","resolution":"PT5M","fields":["vmRssKb"],"points":[
             {"t":"2026-11-30T09:50:00Z","samples":60,"vmRssKb":{"min":1000000,"max":1100000,"avg":1048576}},
             {"t":"2026-11-30T09:55:00Z","samples":60,"vmRssKb":{"min":1048576,"max":2097152,"avg":1572864.5}},
             {"t":"2026-11-30T10:00:00Z","samples":0},
             {"t":"2026-11-30T10:05:00Z","samples":1,"vmRssKb":{"min":2097152,"max":2097152,"avg":2097152}}]}""";

    private FakeApi api;

    @BeforeEach
    void start() throws IOException {
        api = new FakeApi().answer(PATH, 200, RAW);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void shouldPrintRawPointsWithAColumnPerField() {
        var result = new QueryRun().run(api.url(), "history", "web 1/a", "4242");

        assertThat(result.exitCode()).isZero();
        assertThat(api.onlyRequest().pathAndQuery()).isEqualTo(PATH);
        assertThat(result.out()).isEqualTo("""
                host web 1/a  pid 4242 (java)  startTime 123456
                2026-11-30T09:00:00Z to 2026-11-30T10:00:00Z  resolution raw  3 points

                TIME                   vmRssKb  threads
                2026-11-30T09:00:00Z  1.00 GiB       50
                2026-11-30T09:00:10Z  1.20 GiB        -
                2026-11-30T09:00:20Z  1.50 GiB       57
                """);
    }

    @Test
    void shouldPrintAggregatedPointsAsAverageWithRangeAndASparkline() {
        api.answer(PATH, 200, AGGREGATED);

        var result = new QueryRun().run(api.url(), "history", "web 1/a", "4242", "--from", "-1d", "--fields", "vmRssKb");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEqualTo("""
                host web 1/a  pid 4242 (java)  startTime 123456
                2026-11-29T10:00:00Z to 2026-11-30T10:00:00Z  resolution PT5M (avg, with min–max)  4 points

                TIME                  SAMPLES               vmRssKb
                2026-11-30T09:50:00Z       60  1.00 GiB (0.95–1.05)
                2026-11-30T09:55:00Z       60  1.50 GiB (1.00–2.00)
                2026-11-30T10:00:00Z        0                     -
                2026-11-30T10:05:00Z        1  2.00 GiB (2.00–2.00)

                vmRssKb  ▁▅ █  1.00 GiB–2.00 GiB
                """);
    }

    @Test
    void shouldDrawTheSparklineInAsciiWhereUnicodeCannotBeShown() {
        api.answer(PATH, 200, AGGREGATED);

        var result = new QueryRun().ascii().run(api.url(), "history", "web 1/a", "4242");

        assertThat(result.out()).contains("1.50 GiB (1.00..2.00)").endsWith("vmRssKb  _+ @  1.00 GiB..2.00 GiB\n");
    }

    @Test
    void shouldSendRelativeTimesAsIsoUtcWithEveryParameter() {
        new QueryRun().run(api.url(), "history", "web 1/a", "4242", "--from", "-90m", "--to", "now",
                "--fields", "vmRssKb, rssAnonKb", "--max-points", "200", "--start-time", "123456");

        assertThat(api.onlyRequest().pathAndQuery()).isEqualTo(PATH + "?startTime=123456&from=2026-11-30T08%3A30%3A00Z"
                + "&to=2026-11-30T10%3A00%3A00Z&fields=vmRssKb%2CrssAnonKb&maxPoints=200");
    }

    @Test
    void shouldSendAbsoluteTimesInUtc() {
        new QueryRun().run(api.url(), "history", "web 1/a", "4242", "--from", "2026-11-30T09:00:00+01:00",
                "--to", "2026-11-30T10:00:00Z");

        assertThat(api.onlyRequest().rawQuery()).isEqualTo("from=2026-11-30T08%3A00%3A00Z&to=2026-11-30T10%3A00%3A00Z");
    }

    @Test
    void shouldSaySoWhenThereAreNoPoints() {
        api.answer(PATH, 200, """
                {"hostId":"h","pid":4242,"startTime":1,"from":"2026-11-30T09:00:00Z","to":"2026-11-30T10:00:00Z",\
                "resolution":"raw","fields":["vmRssKb"],"points":[]}""");

        var result = new QueryRun().run(api.url(), "history", "web 1/a", "4242");

        assertThat(result.out()).isEqualTo("""
                host h  pid 4242  startTime 1
                2026-11-30T09:00:00Z to 2026-11-30T10:00:00Z  resolution raw  0 points
                no points in this range
                """);
    }
}
