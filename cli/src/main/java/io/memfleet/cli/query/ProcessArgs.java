package io.memfleet.cli.query;

import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The HOST PID [--start-time] every per-process subcommand takes (a picocli mixin). */
final class ProcessArgs {

    @Parameters(index = "0", paramLabel = "HOST", description = "The host id, as 'memfleet query hosts' lists it.")
    String host;

    @Parameters(index = "1", paramLabel = "PID", description = "The process id.")
    String pid;

    @Option(names = "--start-time", paramLabel = "TICKS", description = "Which process with this pid: its start "
            + "time in clock ticks since boot (default: the latest).")
    String startTime;

    /** {@code /api/hosts/HOST/processes/PID/<tail>?startTime=}, arguments checked. */
    ApiPath path(String... tail) {
        Object[] segments = new Object[5 + tail.length];
        segments[0] = "api";
        segments[1] = "hosts";
        segments[2] = Args.host(host);
        segments[3] = "processes";
        segments[4] = Args.pid(pid);
        System.arraycopy(tail, 0, segments, 5, tail.length);
        return ApiPath.of(segments).param("startTime", Args.ticks("--start-time", startTime));
    }
}
