package io.memfleet.cli.query;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code memfleet query changes HOST PID}: {@code GET /api/hosts/{hostId}/processes/{pid}/mappings/changes}. */
@Command(name = "changes", mixinStandardHelpOptions = true,
        description = "Mappings a process gained (+) and lost (-) over time "
                + "(GET /api/hosts/HOST/processes/PID/mappings/changes), one a line.")
final class ChangesCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "HOST", description = "The host id, as 'memfleet query hosts' lists it.")
    String host;

    @Parameters(index = "1", paramLabel = "PID", description = "The process id.")
    String pid;

    @Option(names = "--from", paramLabel = "TIME", description = "Start of the range (default: the server's).")
    String from;

    @Option(names = "--to", paramLabel = "TIME", description = "End of the range (default: now).")
    String to;

    @ParentCommand
    QueryCommand query;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        return query.run(spec, this::path, (answer, now) -> render(answer));
    }

    private ApiPath path() {
        String hostId = Args.host(host);
        int id = Args.pid(pid);
        Instant start = from == null ? null : query.times().parse("--from", from);
        Instant end = to == null ? null : query.times().parse("--to", to);
        if (start != null && end != null && start.isAfter(end)) {
            throw QueryException.usage("--from " + from + " is after --to " + to + " (" + start + " > " + end + ")");
        }
        return ApiPath.of("api", "hosts", hostId, "processes", id, "mappings", "changes")
                .param("from", start)
                .param("to", end);
    }

    /** {@code t  -  start-end perms path} for each removed mapping, then {@code +} for each added one. */
    static String render(JsonNode answer) {
        JsonNode changes = Json.object(answer, "a process's mapping changes").path("changes");
        Table table = new Table().left("TIME").left("CHANGE").left("ADDRESS").left("PERMS").left("PATH").withoutHeader();
        for (JsonNode change : changes) {
            String t = Json.text(change, "t");
            for (JsonNode mapping : change.path("removed")) {
                table.row(t, "-", Mappings.range(mapping), Json.text(mapping, "perms"), path(mapping));
            }
            for (JsonNode mapping : change.path("added")) {
                table.row(t, "+", Mappings.range(mapping), Json.text(mapping, "perms"), path(mapping));
            }
        }
        return table.size() == 0 ? "no mapping changes in this range\n" : table.render();
    }

    private static String path(JsonNode mapping) {
        return Json.present(mapping, "path") ? mapping.get("path").asText() : "";
    }
}
