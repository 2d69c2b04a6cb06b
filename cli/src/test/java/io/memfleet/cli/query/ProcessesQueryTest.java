package io.memfleet.cli.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class ProcessesQueryTest {

    /** A kernel thread (no memory fields), an exited process, one with its mapping list out of sync. */
    static final String PROCESSES = """
            [{"pid":2,"startTime":0,"bootId":"b-1","name":"kthreadd","ppid":0,"uid":0,"state":"S","threads":1,\
            "firstSeen":"2026-11-30T07:00:00Z","lastSeen":"2026-11-30T09:59:58Z","mapCount":0,"mapsDigest":"0",\
            "mappingsOutOfSync":false},
             {"pid":4242,"startTime":123456,"bootId":"b-1","name":"java","ppid":1,"uid":1000,"state":"S","threads":57,\
            "firstSeen":"2026-11-30T09:00:00Z","lastSeen":"2026-11-30T09:59:58Z","vmPeakKb":4200000,\
            "vmRssKb":1258291,"rssAnonKb":1048576,"vmSwapKb":0,"mapCount":412,"mapsDigest":"ab",\
            "mappingsOutOfSync":true,"cmdline":["java","-jar","app.jar"]},
             {"pid":977,"startTime":9999,"bootId":"b-1","name":"bash","ppid":1,"uid":1000,"state":"Z","threads":1,\
            "firstSeen":"2026-11-30T08:00:00Z","lastSeen":"2026-11-30T09:50:00Z","exitedAt":"2026-11-30T09:55:00Z",\
            "vmRssKb":4096,"rssAnonKb":900,"vmSwapKb":12,"mapCount":25,"mapsDigest":"cd","mappingsOutOfSync":false}]""";

    private static final String PATH = "/api/hosts/web%201%2Fa/processes";

    private FakeApi api;

    @BeforeEach
    void start() throws IOException {
        api = new FakeApi().answer(PATH, 200, PROCESSES);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void shouldPrintProcessesLargestRssFirstWithHumanSizes() {
        var result = new QueryRun().run(api.url(), "processes", "web 1/a");

        assertThat(result.exitCode()).isZero();
        assertThat(api.onlyRequest().pathAndQuery()).isEqualTo(PATH);
        assertThat(result.out()).isEqualTo("""
                 PID  NAME      STATE      RSS     ANON    SWAP  THREADS  MAPS  SINCE
                4242  java      S      1.2 GiB  1.0 GiB       0       57  412*  1h ago
                 977  bash      Z      4.0 MiB  900 KiB  12 KiB        1    25  exited 5m ago
                   2  kthreadd  S            -        -       -        1     0  3h ago
                3 processes, 1 exited
                * mapping list out of sync: the count is the collector's, the list comes with its next resync
                """);
    }

    @Test
    void shouldPassUnitAndContainerToTheServerAndShowThemWithAShortId() {
        String id = "3f1c2b8e9d0a" + "7b".repeat(26);
        api.answer(PATH, 200, """
                [{"pid":4242,"startTime":1,"bootId":"b-1","name":"nginx","ppid":1,"uid":0,"state":"S","threads":1,\
                "firstSeen":"2026-11-30T09:00:00Z","lastSeen":"2026-11-30T09:59:58Z","vmRssKb":1024,"mapCount":40,\
                "mapsDigest":"ab","mappingsOutOfSync":false,"exe":"/usr/sbin/nginx","unit":"docker-x.scope",\
                "containerId":"%s"},
                 {"pid":7,"startTime":1,"bootId":"b-1","name":"sh","ppid":1,"uid":0,"state":"S","threads":1,\
                "firstSeen":"2026-11-30T09:00:00Z","lastSeen":"2026-11-30T09:59:58Z","vmRssKb":512,"mapCount":20,\
                "mapsDigest":"cd","mappingsOutOfSync":false}]""".formatted(id));

        var result = new QueryRun().run(api.url(), "processes", "web 1/a", "--unit", "docker-x.scope",
                "--container", "3f1c");

        assertThat(result.exitCode()).isZero();
        assertThat(api.onlyRequest().pathAndQuery()).isEqualTo(PATH + "?unit=docker-x.scope&container=3f1c");
        assertThat(result.out()).isEqualTo("""
                 PID  NAME   STATE      RSS  ANON  SWAP  THREADS  MAPS  SINCE   UNIT            CONTAINER
                4242  nginx  S      1.0 MiB     -     -        1    40  1h ago  docker-x.scope  3f1c2b8e9d0a
                   7  sh     S      512 KiB     -     -        1    20  1h ago  -               -
                2 processes
                """);
    }

    @Test
    void shouldSortByRssLargestFirstWithKernelThreadsLast() {
        var result = new QueryRun().run(api.url(), "processes", "web 1/a", "--sort", "rss");

        assertThat(result.out().lines().skip(1).limit(3).map(line -> line.trim().split(" +")[0]))
                .containsExactly("4242", "977", "2");
    }

    @Test
    void shouldSortByPidWhenAskedWithKernelThreadsStillLast() {
        var result = new QueryRun().run(api.url(), "processes", "web 1/a", "--sort", "pid");

        assertThat(result.out().lines().skip(1).limit(3).map(line -> line.trim().split(" +")[0]))
                .containsExactly("977", "4242", "2");
    }

    @Test
    void shouldSortBySwapLargestFirstWithKernelThreadsLast() {
        var result = new QueryRun().run(api.url(), "processes", "web 1/a", "--sort", "swap");

        assertThat(result.out().lines().skip(1).limit(3).map(line -> line.trim().split(" +")[0]))
                .containsExactly("977", "4242", "2");
    }

    @Test
    void shouldNameTheAggregatorsRetentionForExitedProcessesInTheHelp() {
        var result = new QueryRun().run(api.url(), "processes", "--help");

        assertThat(result.out()).contains("keeps exited processes for its history.exited.retention.ms\n(default 24 h)")
                .doesNotContain("an hour");
    }

    @Test
    void shouldLetTheServerFilterByASubstringEncodedAndFilterAgain() {
        var result = new QueryRun().run(api.url(), "processes", "web 1/a", "--all", "--name", "ja va");

        assertThat(result.exitCode()).isZero();
        assertThat(api.onlyRequest().pathAndQuery()).isEqualTo(PATH + "?state=all&name=ja%20va");
        assertThat(result.out()).isEqualTo("no processes named like \"ja va\"\n");
    }

    @Test
    void shouldFilterByARegexItselfSinceTheServerTakesSubstrings() {
        var result = new QueryRun().run(api.url(), "processes", "web 1/a", "--name", "^(java|bash)$");

        assertThat(api.onlyRequest().pathAndQuery()).isEqualTo(PATH);
        assertThat(result.out()).contains(" 977  bash", "4242  java").doesNotContain("kthreadd").contains("2 processes");
    }

    @Test
    void shouldFilterTheJsonByARegexToo() {
        var result = new QueryRun().run(api.url(), "processes", "web 1/a", "--name", "^j.va$", "--json");

        assertThat(result.out()).startsWith("[{\"pid\":4242,\"startTime\":123456,").endsWith("]\n")
                .doesNotContain("kthreadd", "bash");
    }

    @Test
    void shouldTakeAPatternAsARegexOnlyWhenItIsOne() {
        assertThat(ProcessesCommand.regex("java")).isNull();
        assertThat(ProcessesCommand.regex("kworker/1:0")).isNull();
        assertThat(ProcessesCommand.regex("f(x")).isNull();
        assertThat(ProcessesCommand.regex(null)).isNull();
        assertThat(ProcessesCommand.regex("^k.*d$").matcher("kthreadd").find()).isTrue();
        assertThat(ProcessesCommand.regex("kafka|zk").matcher("zk-server").find()).isTrue();
    }

    @Test
    void shouldSaySoWhenNoProcessMatches() {
        var result = new QueryRun().run(api.url(), "processes", "web 1/a", "--name", "postgres");

        assertThat(result.out()).isEqualTo("no processes named like \"postgres\"\n");
    }

    @Test
    void shouldRejectAnUnknownSortKeyInOneLine() {
        var result = new QueryRun().run(api.url(), "processes", "web 1/a", "--sort", "size");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).isEqualTo("memfleet query: --sort size: expected pid, rss, anon or swap\n");
        assertThat(api.requests()).isEmpty();
    }
}
