package io.memfleet.cli.query;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code memfleet query anomalies}: {@code GET /api/anomalies}. */
@Command(name = "anomalies", mixinStandardHelpOptions = true,
        description = "Anomalies the aggregator detected (GET /api/anomalies): heap growth, new executable "
                + "mappings, ...")
final class AnomaliesCommand implements Callable<Integer> {

    @Option(names = "--host", paramLabel = "HOST", description = "Only this host's.")
    String host;

    @Option(names = "--type", paramLabel = "TYPE", description = "Only this type, such as HEAP_GROWTH or NEW_EXEC_MAPPING.")
    String type;

    @Option(names = "--since", paramLabel = "TIME", description = "Only those detected at or after this time.")
    String since;

    @Option(names = "--status", paramLabel = "STATUS", description = "FIRING or RESOLVED (default: both).")
    String status;

    @Option(names = "--pid", paramLabel = "PID", description = "Only this process's (needs --host).")
    String pid;

    @Option(names = "--start-time", paramLabel = "TICKS", description = "Only the process with this pid and start "
            + "time, when the pid was reused (clock ticks since boot, field 22 of /proc/PID/stat; needs --pid).")
    String startTime;

    @ParentCommand
    QueryCommand query;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        return query.run(spec,
                () -> ApiPath.of("api", "anomalies")
                        .param("hostId", host == null ? null : Args.host(host))
                        .param("pid", processPid())
                        .param("startTime", startTime())
                        .param("type", type == null ? null : type.trim().toUpperCase(Locale.ROOT))
                        .param("since", query.times().iso("--since", since))
                        .param("status", Args.oneOf("--status", status, "FIRING", "RESOLVED")),
                (answer, now) -> render(answer));
    }

    private Integer processPid() {
        if (pid == null) {
            return null;
        }
        if (host == null) {
            throw QueryException.usage("--pid needs --host: a pid means nothing without its host");
        }
        return Args.pid(pid);
    }

    private Long startTime() {
        if (startTime != null && pid == null) {
            throw QueryException.usage("--start-time needs --pid");
        }
        return Args.ticks("--start-time", startTime);
    }

    static String render(JsonNode answer) {
        JsonNode anomalies = Json.array(answer, "anomalies");
        if (anomalies.isEmpty()) {
            return "no anomalies\n";
        }
        Table table = new Table().left("DETECTED").left("SEVERITY").left("TYPE").left("STATUS").left("HOST")
                .right("PID").left("NAME").left("SUMMARY");
        for (JsonNode a : anomalies) {
            table.row(Json.time(a, "detectedAt"), Json.text(a, "severity"), Json.text(a, "type"),
                    Json.text(a, "status"), Json.present(a, "hostId") ? Json.text(a, "hostId") : Json.text(a, "hostname"),
                    Json.text(a, "pid"), Json.text(a, "processName"), Json.text(a, "summary"));
        }
        return table.render();
    }
}
