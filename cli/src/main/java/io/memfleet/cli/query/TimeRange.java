package io.memfleet.cli.query;

import java.time.Instant;
import picocli.CommandLine.Option;

/** The --from/--to range of the history and changes subcommands (a picocli mixin). */
final class TimeRange {

    @Option(names = "--from", paramLabel = "TIME", description = "Start of the range (default: the server's).")
    String from;

    @Option(names = "--to", paramLabel = "TIME", description = "End of the range (default: now).")
    String to;

    /** Adds {@code from} and {@code to} as ISO-8601 UTC; a --from after --to is a usage error. */
    ApiPath addTo(ApiPath path, Times times) {
        Instant start = from == null ? null : times.parse("--from", from);
        Instant end = to == null ? null : times.parse("--to", to);
        if (start != null && end != null && start.isAfter(end)) {
            throw QueryException.usage("--from " + from + " is after --to " + to + " (" + start + " > " + end + ")");
        }
        return path.param("from", start).param("to", end);
    }
}
