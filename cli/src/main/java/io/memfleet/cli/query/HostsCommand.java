package io.memfleet.cli.query;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code memfleet query hosts}: {@code GET /api/hosts}. */
@Command(name = "hosts", mixinStandardHelpOptions = true,
        description = "Every host the aggregator knows (GET /api/hosts): id, hostname, processes, "
                + "samples lost and when it was last heard from.")
final class HostsCommand implements Callable<Integer> {

    @ParentCommand
    QueryCommand query;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        return query.run(spec, () -> ApiPath.of("api", "hosts"), HostsCommand::render);
    }

    static String render(JsonNode answer, Instant now) {
        JsonNode hosts = Json.array(answer, "hosts");
        if (hosts.isEmpty()) {
            return "no hosts yet (a collector reports within one interval of starting)\n";
        }
        Table table = new Table().left("HOST").left("HOSTNAME").right("PROCESSES").right("LOST").left("LAST SEEN");
        for (JsonNode host : hosts) {
            table.row(Json.text(host, "hostId"), Json.text(host, "hostname"), Json.text(host, "processCount"),
                    Json.text(host, "samplesLost"),
                    Json.present(host, "lastSeen") ? Human.timeAndAgo(Json.text(host, "lastSeen"), now) : Json.ABSENT);
        }
        return table.render();
    }
}
