package io.memfleet.cli.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code memfleet query processes HOST}: {@code GET /api/hosts/{hostId}/processes}. */
@Command(name = "processes", mixinStandardHelpOptions = true,
        description = "A host's processes with their latest memory (GET /api/hosts/HOST/processes), largest RSS "
                + "first.",
        footer = {"", "RSS, ANON and SWAP are VmRSS, RssAnon and VmSwap ('-' for a kernel thread).",
                "MAPS counts mappings, marked * while the aggregator waits for the full list.",
                "SINCE is when memfleet first saw the process, or when it exited (--all).",
                "Kernel threads come last in every order: they have no memory of their own.",
                "UNIT (systemd unit) and CONTAINER (its id's first 12 digits) appear when some process",
                "has one; the collector sends them with the mapping list.",
                "--all: the aggregator keeps exited processes for its history.exited.retention.ms",
                "(default 24 h)."})
final class ProcessesCommand implements Callable<Integer> {

    enum Sort { PID, RSS, ANON, SWAP }

    /** How docker and podman show a container id. */
    private static final int SHORT_ID = 12;

    @Parameters(index = "0", paramLabel = "HOST", description = "The host id, as 'memfleet query hosts' lists it.")
    String host;

    @Option(names = "--all", description = "Include processes that exited, for as long as the aggregator keeps them "
            + "(see below).")
    boolean all;

    @Option(names = "--name", paramLabel = "PATTERN",
            description = {"Only processes whose name contains PATTERN, or, when PATTERN is a regular "
                    + "expression ('^java$', 'kafka|zk'), has a match for it. The server filters by substring; "
                    + "a regular expression is applied here, to the whole list (with --json too)."})
    String name;

    @Option(names = "--unit", paramLabel = "UNIT",
            description = "Only processes in this systemd unit (exactly: nginx.service, session-3.scope).")
    String unit;

    @Option(names = "--container", paramLabel = "ID",
            description = "Only processes in the container whose id starts with ID (at least 4 hex digits, as "
                    + "'docker ps' shows 12).")
    String container;

    @Option(names = "--sort", paramLabel = "KEY", defaultValue = "rss",
            description = "rss (default), anon or swap: largest first; or pid.")
    String sort;

    @ParentCommand
    QueryCommand query;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Sort order;
        Pattern regex;
        try {
            order = Sort.valueOf(Args.oneOf("--sort", sort, "pid", "rss", "anon", "swap").toUpperCase(Locale.ROOT));
            regex = regex(name);
        } catch (QueryException e) {
            return query.fail(spec, e);
        }
        Predicate<String> wanted = name == null ? n -> true
                : regex != null ? n -> regex.matcher(n).find() : n -> n.contains(name);
        return query.run(spec,
                () -> ApiPath.of("api", "hosts", Args.host(host), "processes")
                        .param("state", all ? "all" : null)
                        .param("name", regex == null ? name : null)
                        .param("unit", unit)
                        .param("container", container),
                (answer, now) -> render(answer, now, name, wanted, order),
                regex == null ? null : answer -> filter(answer, wanted));
    }

    /**
     * PATTERN as a regular expression when it uses regex syntax and compiles; null for a plain
     * substring, which the server can filter by (so does one that does not compile, such as {@code f(x}).
     */
    static Pattern regex(String pattern) {
        if (pattern == null || pattern.chars().noneMatch(c -> "\\^$.|?*+()[]{}".indexOf(c) >= 0)) {
            return null;
        }
        try {
            return Pattern.compile(pattern);
        } catch (PatternSyntaxException e) {
            return null;
        }
    }

    private static JsonNode filter(JsonNode answer, Predicate<String> wanted) {
        ArrayNode kept = JsonNodeFactory.instance.arrayNode();
        for (JsonNode process : Json.array(answer, "processes")) {
            if (wanted.test(process.path("name").asText(""))) {
                kept.add(process);
            }
        }
        return kept;
    }

    /** The table, of the processes whose name is wanted (the server may have filtered already). */
    static String render(JsonNode answer, Instant now, String name, Predicate<String> wanted, Sort sort) {
        List<JsonNode> processes = new ArrayList<>();
        for (JsonNode process : Json.array(answer, "processes")) {
            if (wanted.test(process.path("name").asText(""))) {
                processes.add(process);
            }
        }
        if (processes.isEmpty()) {
            return name == null ? "no processes\n" : "no processes named like \"" + Table.printable(name) + "\"\n";
        }
        processes.sort(order(sort));
        // Identity columns only where there is some: a host of an older collector keeps its narrow table.
        boolean units = processes.stream().anyMatch(p -> Json.present(p, "unit"));
        boolean containers = processes.stream().anyMatch(p -> Json.present(p, "containerId"));
        Table table = new Table().right("PID").left("NAME").left("STATE").right("RSS").right("ANON").right("SWAP")
                .right("THREADS").right("MAPS").left("SINCE");
        if (units) {
            table.left("UNIT");
        }
        if (containers) {
            table.left("CONTAINER");
        }
        int exited = 0;
        boolean outOfSync = false;
        for (JsonNode p : processes) {
            boolean gone = Json.present(p, "exitedAt");
            exited += gone ? 1 : 0;
            boolean stale = p.path("mappingsOutOfSync").asBoolean(false);
            outOfSync |= stale;
            String since = gone ? "exited " + Human.agoOrText(Json.text(p, "exitedAt"), now)
                    : Json.present(p, "firstSeen") ? Human.agoOrText(Json.text(p, "firstSeen"), now) : Json.ABSENT;
            List<String> cells = new ArrayList<>(List.of(Json.text(p, "pid"), Json.text(p, "name"),
                    Json.text(p, "state"), Json.kib(p, "vmRssKb"), Json.kib(p, "rssAnonKb"), Json.kib(p, "vmSwapKb"),
                    Json.text(p, "threads"), Json.text(p, "mapCount") + (stale ? "*" : ""), since));
            if (units) {
                cells.add(Json.text(p, "unit"));
            }
            if (containers) {
                String id = Json.text(p, "containerId");
                cells.add(id.length() > SHORT_ID ? id.substring(0, SHORT_ID) : id);
            }
            table.row(cells.toArray(String[]::new));
        }
        StringBuilder out = new StringBuilder(table.render());
        out.append(processes.size()).append(processes.size() == 1 ? " process" : " processes");
        if (exited > 0) {
            out.append(", ").append(exited).append(" exited");
        }
        out.append('\n');
        if (outOfSync) {
            out.append("* mapping list out of sync: the count is the collector's, the list comes with its next resync\n");
        }
        return out.toString();
    }

    /**
     * Kernel threads (no RSS) last whatever the key: people look for their own processes, and a
     * host has dozens of kernel threads at the lowest pids. Sizes largest first, absent ones last.
     */
    private static Comparator<JsonNode> order(Sort sort) {
        Comparator<JsonNode> byPid = Comparator.comparingLong(p -> p.path("pid").asLong());
        Comparator<JsonNode> kernelThreadsLast = Comparator.comparing(p -> !p.path("vmRssKb").isNumber());
        String field = switch (sort) {
            case PID -> null;
            case RSS -> "vmRssKb";
            case ANON -> "rssAnonKb";
            case SWAP -> "vmSwapKb";
        };
        if (field == null) {
            return kernelThreadsLast.thenComparing(byPid);
        }
        Comparator<JsonNode> bySize = Comparator.comparingDouble(p -> p.path(field).isNumber() ? -p.path(field).asDouble()
                : Double.POSITIVE_INFINITY);
        return kernelThreadsLast.thenComparing(bySize).thenComparing(byPid);
    }
}
