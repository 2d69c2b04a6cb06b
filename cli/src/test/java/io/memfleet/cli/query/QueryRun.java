package io.memfleet.cli.query;

import io.memfleet.common.Cli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/**
 * Runs {@code memfleet query ...} the way the launcher does (picocli set up by {@link Cli}), with a
 * fixed clock at {@link #NOW}, a fake environment and captured stdout and stderr.
 */
final class QueryRun {

    static final Instant NOW = Instant.parse("2026-11-30T10:00:00Z");

    record Result(int exitCode, String out, String err) {
    }

    private final Map<String, String> environment = new HashMap<>();
    private boolean unicode = true;

    QueryRun env(String name, String value) {
        environment.put(name, value);
        return this;
    }

    QueryRun ascii() {
        unicode = false;
        return this;
    }

    /** Runs with {@code --url url} prepended (when url is not null). */
    Result run(String url, String... args) {
        List<String> all = new ArrayList<>();
        if (url != null) {
            all.add("--url");
            all.add(url);
        }
        all.addAll(List.of(args));
        QueryCommand command = new QueryCommand(Clock.fixed(NOW, ZoneOffset.UTC), environment::get, unicode);
        CommandLine commandLine = Cli.commandLine(command);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exitCode = commandLine.execute(all.toArray(new String[0]));
        return new Result(exitCode, out.toString(), err.toString());
    }
}
