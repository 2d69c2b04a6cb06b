package io.memfleet.cli.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class HostsQueryTest {

    static final String HOSTS = """
            [{"hostId":"web 1/a","hostname":"web1.example","bootId":"b-1","collectorVersion":"0.1.0",\
            "firstSeen":"2026-11-30T07:00:00Z","lastSeen":"2026-11-30T09:59:48Z","processCount":312,\
            "processesUnreadable":2,"samplesLost":3,"duplicatesDropped":0,"clockSkewMs":-2400,"samplesOutOfTime":0,\
            "duplicateHostId":false,"collectors":[{"runId":"r1","bootId":"b-1","concurrent":false}]},
             {"hostId":"far","hostname":"far","lastSeen":"2026-11-30T09:59:58Z","processCount":5,"samplesLost":0,            "clockSkewMs":94608000000,"samplesOutOfTime":2,"duplicateHostId":true,\
            "collectors":[{"runId":"r2","bootId":"b-2","concurrent":true},{"runId":"r3","bootId":"b-3","concurrent":true}]},
             {"hostId":"db-2","hostname":"db2","lastSeen":"2026-11-28T09:00:00Z","processCount":87,"samplesLost":0}]""";

    static final String HOST = """
            {"hostId":"web 1/a","hostname":"web1.example","bootId":"b-1","collectorVersion":"0.1.0",\
            "firstSeen":"2026-11-30T07:00:00Z","lastSeen":"2026-11-30T09:59:48Z","processCount":312,\
            "processesUnreadable":2,"samplesLost":3,"duplicatesDropped":0}""";

    private FakeApi api;

    @BeforeEach
    void start() throws IOException {
        api = new FakeApi().answer("/api/hosts", 200, HOSTS).answer("/api/hosts/web%201%2Fa", 200, HOST);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void shouldPrintHostsAsATable() {
        var result = new QueryRun().run(api.url(), "hosts");

        assertThat(result.exitCode()).isZero();
        assertThat(result.err()).isEmpty();
        assertThat(result.out()).isEqualTo("""
                HOST     HOSTNAME      PROCESSES  LOST  COLLECTORS        SKEW                    LAST SEEN
                web 1/a  web1.example        312     3  1                 -2s                     2026-11-30T09:59:48Z (12s ago)
                far      far                   5     0  2 (duplicate id)  +1095d (2 out of time)  2026-11-30T09:59:58Z (2s ago)
                db-2     db2                  87     0  -                 -                       2026-11-28T09:00:00Z (2d ago)
                """);
        assertThat(api.onlyRequest().pathAndQuery()).isEqualTo("/api/hosts");
    }

    @Test
    void shouldPassTheJsonThroughAsIs() {
        var result = new QueryRun().run(api.url(), "hosts", "--json");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEqualTo(HOSTS + "\n");
    }

    @Test
    void shouldPrettyPrintTheJson() {
        var result = new QueryRun().run(api.url(), "--pretty", "host", "web 1/a");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).startsWith("{\n  \"hostId\" : \"web 1/a\",\n  \"hostname\" : \"web1.example\",\n")
                .endsWith("  \"duplicatesDropped\" : 0\n}\n");
    }

    @Test
    void shouldKeepDecimalsExactWhenPrettyPrinting() {
        api.answer("/api/hosts", 200, "[{\"x\":1.50,\"big\":18446744073709551615}]");

        var result = new QueryRun().run(api.url(), "hosts", "--json", "--pretty");

        assertThat(result.out()).isEqualTo("[ {\n  \"x\" : 1.50,\n  \"big\" : 18446744073709551615\n} ]\n");
    }

    @Test
    void shouldPrintOneHostFieldByFieldWithEncodedHostId() {
        var result = new QueryRun().run(api.url(), "host", "web 1/a");

        assertThat(result.exitCode()).isZero();
        assertThat(api.onlyRequest().rawPath()).isEqualTo("/api/hosts/web%201%2Fa");
        assertThat(result.out()).isEqualTo("""
                hostId               web 1/a
                hostname             web1.example
                bootId               b-1
                collectorVersion     0.1.0
                firstSeen            2026-11-30T07:00:00Z (3h ago)
                lastSeen             2026-11-30T09:59:48Z (12s ago)
                processCount         312
                processesUnreadable  2
                samplesLost          3
                duplicatesDropped    0
                """);
    }

    @Test
    void shouldSaySoWhenThereAreNoHosts() {
        api.answer("/api/hosts", 200, "[]");

        var result = new QueryRun().run(api.url(), "hosts");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEqualTo("no hosts yet (a collector reports within one interval of starting)\n");
    }
}
