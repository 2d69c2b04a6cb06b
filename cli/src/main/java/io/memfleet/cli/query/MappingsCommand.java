package io.memfleet.cli.query;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code memfleet query mappings HOST PID}: {@code GET /api/hosts/{hostId}/processes/{pid}/mappings}. */
@Command(name = "mappings", mixinStandardHelpOptions = true,
        description = "A process's mappings (GET /api/hosts/HOST/processes/PID/mappings), now or at a time, "
                + "in the columns of /proc/PID/maps.")
final class MappingsCommand implements Callable<Integer> {

    @Mixin
    ProcessArgs process;

    @Option(names = "--at", paramLabel = "TIME", description = "The mappings as they were at this time (default: now).")
    String at;

    @ParentCommand
    QueryCommand query;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        return query.run(spec,
                () -> process.path("mappings").param("at", query.times().iso("--at", at)),
                (answer, now) -> render(answer));
    }

    static String render(JsonNode answer) {
        JsonNode result = Json.object(answer, "a process's mappings");
        StringBuilder out = new StringBuilder();
        out.append("host ").append(Table.printable(Json.text(result, "hostId")))
                .append("  pid ").append(Json.text(result, "pid"))
                .append("  startTime ").append(Json.text(result, "startTime"));
        if (Json.present(result, "at")) {
            out.append("  at ").append(Json.text(result, "at"));
        }
        out.append('\n');
        JsonNode mappings = result.path("mappings");
        if (mappings.isEmpty()) {
            return out.append("no mappings (a kernel thread, or the list has not arrived yet)\n").toString();
        }
        Table table = new Table().left("ADDRESS").left("PERMS").left("OFFSET").left("DEV").right("INODE").left("PATH");
        long total = 0;
        boolean sized = true;
        for (JsonNode mapping : mappings) {
            table.row(Mappings.range(mapping), Json.text(mapping, "perms"), Mappings.offset(mapping),
                    Json.text(mapping, "dev"), Json.text(mapping, "inode"),
                    Json.present(mapping, "path") ? mapping.get("path").asText() : "");
            long bytes = Mappings.bytes(mapping);
            sized &= bytes >= 0;
            total += Math.max(bytes, 0);
        }
        out.append(table.render());
        out.append(mappings.size()).append(mappings.size() == 1 ? " mapping" : " mappings");
        if (sized) {
            out.append(", ").append(Human.kib(total / 1024.0)).append(" mapped");
        }
        out.append('\n');
        if (result.path("outOfSync").asBoolean(false) || result.path("mappingsOutOfSync").asBoolean(false)) {
            out.append("out of sync: this is the last full list; the collector's next resync will correct it\n");
        }
        return out.toString();
    }
}
