package io.memfleet.cli.query;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code memfleet query host HOST}: {@code GET /api/hosts/{hostId}}, one field a line. */
@Command(name = "host", mixinStandardHelpOptions = true,
        description = "One host (GET /api/hosts/HOST): every field the API gives, one a line.")
final class HostCommand implements Callable<Integer> {

    private static final Set<String> TIMES = Set.of("firstSeen", "lastSeen");

    @Parameters(index = "0", paramLabel = "HOST", description = "The host id, as 'memfleet query hosts' lists it.")
    String host;

    @ParentCommand
    QueryCommand query;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        return query.run(spec, () -> ApiPath.of("api", "hosts", Args.host(host)), HostCommand::render);
    }

    /** Every field in the server's order, so fields added later show too; times with how long ago. */
    static String render(JsonNode answer, Instant now) {
        JsonNode host = Json.object(answer, "a host");
        Table table = new Table().left("FIELD").left("VALUE").withoutHeader();
        for (Map.Entry<String, JsonNode> field : host.properties()) {
            String value = field.getValue().isNull() ? Json.ABSENT : Json.scalar(field.getValue());
            table.row(field.getKey(), TIMES.contains(field.getKey()) ? Human.timeAndAgo(value, now) : value);
        }
        return table.render();
    }
}
