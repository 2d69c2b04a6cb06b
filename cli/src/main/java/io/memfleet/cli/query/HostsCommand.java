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
                + "samples lost, its clock's skew against the broker's (with the records whose own time "
                + "could not be used) and when it was last heard from.")
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
        Table table = new Table().left("HOST").left("HOSTNAME").right("PROCESSES").right("LOST").left("COLLECTORS").left("SKEW")
                .left("LAST SEEN");
        for (JsonNode host : hosts) {
            table.row(Json.text(host, "hostId"), Json.text(host, "hostname"), Json.text(host, "processCount"),
                    Json.text(host, "samplesLost"), collectors(host), skew(host),
                    Json.present(host, "lastSeen") ? Human.timeAndAgo(Json.text(host, "lastSeen"), now) : Json.ABSENT);
        }
        return table.render();
    }

    /**
     * {@code 2 (duplicate id)}: several collectors write under the host's id at once (cloned machines);
     * otherwise the one collector. Absent from an aggregator older than the field.
     */
    private static String collectors(JsonNode host) {
        if (!Json.present(host, "collectors")) {
            return Json.ABSENT;
        }
        if (!host.path("duplicateHostId").asBoolean()) {
            return "1";
        }
        long atOnce = 0;
        for (JsonNode collector : host.get("collectors")) {
            atOnce += collector.path("concurrent").asBoolean() ? 1 : 0;
        }
        return atOnce + " (duplicate id)";
    }

    /** {@code +1095d (2 out of time)}: out of time, records were filed at the broker's time or not stored. */
    private static String skew(JsonNode host) {
        if (!Json.present(host, "clockSkewMs")) {
            return Json.ABSENT;
        }
        String skew = Human.skew(host.get("clockSkewMs").asLong());
        long outOfTime = host.path("samplesOutOfTime").asLong();
        return outOfTime == 0 ? skew : skew + " (" + outOfTime + " out of time)";
    }
}
