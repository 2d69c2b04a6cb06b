package io.memfleet.cli.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class MappingsQueryTest {

    private static final String MAPPINGS_PATH = "/api/hosts/web%201%2Fa/processes/4242/mappings";
    private static final String CHANGES_PATH = MAPPINGS_PATH + "/changes";

    static final String MAPPINGS = """
            {"hostId":"web 1/a","pid":4242,"startTime":123456,"at":"2026-11-30T09:00:00Z","mappings":[
             {"start":"55d0c8a00000","end":"55d0c8a21000","perms":"rw-p","offset":"00000000","dev":"00:00","inode":0,\
            "path":"[heap]","kind":"HEAP"},
             {"start":"7f3a1c000000","end":"7f3a1c200000","perms":"r-xp","offset":"00001000","dev":"08:01",\
            "inode":1234567,"path":"/opt/my app/lib.so (deleted)","kind":"FILE"},
             {"start":"7f3a1d000000","end":"7f3a1d001000","perms":"rw-p","offset":0,"dev":"00:00","inode":0,"kind":"ANON"},
             {"start":"ffffffffff600000","end":"ffffffffff601000","perms":"--xp","offset":"00000000","dev":"00:00",\
            "inode":0,"path":"[vsyscall]","kind":"VSYSCALL"}]}""";

    static final String CHANGES = """
            {"hostId":"web 1/a","pid":4242,"startTime":123456,"changes":[
             {"t":"2026-11-30T09:10:00Z","added":[{"start":"7f3a1e000000","end":"7f3a1e001000","perms":"rwxp",\
            "offset":"00000000","dev":"00:00","inode":0,"kind":"ANON"}],"removed":[]},
             {"t":"2026-11-30T09:20:00Z","added":[{"start":"7f3a20000000","end":"7f3a20010000","perms":"r-xp",\
            "offset":"00000000","dev":"00:01","inode":77,"path":"/memfd:x (deleted)","kind":"FILE"}],\
            "removed":[{"start":"7f3a1e000000","end":"7f3a1e001000","perms":"rwxp","offset":"00000000",\
            "dev":"00:00","inode":0,"kind":"ANON"}]}]}""";

    private FakeApi api;

    @BeforeEach
    void start() throws IOException {
        api = new FakeApi().answer(MAPPINGS_PATH, 200, MAPPINGS).answer(CHANGES_PATH, 200, CHANGES);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void shouldPrintMappingsLikeTheKernelsMaps() {
        var result = new QueryRun().run(api.url(), "mappings", "web 1/a", "4242", "--at", "-1h", "--start-time", "123456");

        assertThat(result.exitCode()).isZero();
        assertThat(api.onlyRequest().pathAndQuery())
                .isEqualTo(MAPPINGS_PATH + "?startTime=123456&at=2026-11-30T09%3A00%3A00Z");
        assertThat(result.out()).isEqualTo("""
                host web 1/a  pid 4242  startTime 123456  at 2026-11-30T09:00:00Z
                ADDRESS                            PERMS  OFFSET    DEV      INODE  PATH
                55d0c8a00000-55d0c8a21000          rw-p   00000000  00:00        0  [heap]
                7f3a1c000000-7f3a1c200000          r-xp   00001000  08:01  1234567  /opt/my app/lib.so (deleted)
                7f3a1d000000-7f3a1d001000          rw-p   00000000  00:00        0
                ffffffffff600000-ffffffffff601000  --xp   00000000  00:00        0  [vsyscall]
                4 mappings, 2.1 MiB mapped
                """);
    }

    @Test
    void shouldSayWhenTheListIsOutOfSync() {
        api.answer(MAPPINGS_PATH, 200, """
                {"hostId":"h","pid":4242,"startTime":1,"at":"2026-11-30T09:00:00Z","outOfSync":true,"mappings":[
                 {"start":"1000","end":"2000","perms":"r--p","offset":0,"dev":"00:00","inode":0,"path":"","kind":"ANON"}]}""");

        var result = new QueryRun().run(api.url(), "mappings", "web 1/a", "4242");

        assertThat(result.out()).endsWith("""
                1000-2000  r--p   00000000  00:00      0
                1 mapping, 4 KiB mapped
                out of sync: this is the last full list; the collector's next resync will correct it
                """);
    }

    @Test
    void shouldPrintMappingChangesOneALine() {
        var result = new QueryRun().run(api.url(), "changes", "web 1/a", "4242", "--from", "-2h", "--to", "-1h");

        assertThat(result.exitCode()).isZero();
        assertThat(api.onlyRequest().pathAndQuery())
                .isEqualTo(CHANGES_PATH + "?from=2026-11-30T08%3A00%3A00Z&to=2026-11-30T09%3A00%3A00Z");
        assertThat(result.out()).isEqualTo("""
                2026-11-30T09:10:00Z  +  7f3a1e000000-7f3a1e001000  rwxp
                2026-11-30T09:20:00Z  -  7f3a1e000000-7f3a1e001000  rwxp
                2026-11-30T09:20:00Z  +  7f3a20000000-7f3a20010000  r-xp  /memfd:x (deleted)
                """);
    }

    @Test
    void shouldSaySoWhenNothingChanged() {
        api.answer(CHANGES_PATH, 200, "{\"hostId\":\"h\",\"pid\":1,\"startTime\":1,\"changes\":[]}");

        var result = new QueryRun().run(api.url(), "changes", "web 1/a", "4242");

        assertThat(result.out()).isEqualTo("no mapping changes in this range\n");
        assertThat(api.onlyRequest().rawQuery()).isNull();
    }
}
