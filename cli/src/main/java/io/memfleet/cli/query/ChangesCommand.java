package io.memfleet.cli.query;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code memfleet query changes HOST PID}: {@code GET /api/hosts/{hostId}/processes/{pid}/mappings/changes}. */
@Command(name = "changes", mixinStandardHelpOptions = true,
        description = "Mappings a process gained (+) and lost (-) over time "
                + "(GET /api/hosts/HOST/processes/PID/mappings/changes), one a line.")
final class ChangesCommand implements Callable<Integer> {

    @Mixin
    ProcessArgs process;

    @Mixin
    TimeRange range;

    @ParentCommand
    QueryCommand query;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        return query.run(spec, this::path, (answer, now) -> render(answer));
    }

    private ApiPath path() {
        return range.addTo(process.path("mappings", "changes"), query.times());
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
