package io.memfleet.cli.query;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code memfleet query history HOST PID}: {@code GET /api/hosts/{hostId}/processes/{pid}/history}. */
@Command(name = "history", mixinStandardHelpOptions = true,
        description = "A process's memory over time (GET /api/hosts/HOST/processes/PID/history): a row per point, "
                + "a column per field, and a sparkline when there is one field.",
        footer = {"", "When the server aggregates points (a resolution other than raw), a cell is the",
                "average with the minimum and maximum in brackets, and SAMPLES counts the samples",
                "behind it. Fields ending in Kb are sizes, in one unit per column."})
final class HistoryCommand implements Callable<Integer> {

    static final int SPARKLINE_WIDTH = 60;

    @Mixin
    ProcessArgs process;

    @Mixin
    TimeRange range;

    @Option(names = "--fields", paramLabel = "F1,F2", description = "Fields to show, such as vmRssKb,rssAnonKb "
            + "(default: the server's).")
    String fields;

    @Option(names = "--max-points", paramLabel = "N", description = "Ask the server for at most N points; "
            + "it aggregates when there are more.")
    String maxPoints;

    @ParentCommand
    QueryCommand query;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        return query.run(spec, this::path, (answer, now) -> render(answer, query.unicode()));
    }

    private ApiPath path() {
        return range.addTo(process.path("history"), query.times())
                .param("fields", Args.fields(fields))
                .param("maxPoints", Args.positive("--max-points", maxPoints));
    }

    static String render(JsonNode answer, boolean unicode) {
        JsonNode history = Json.object(answer, "a process's history");
        JsonNode points = history.path("points");
        List<String> names = fieldNames(history);
        String resolution = Json.text(history, "resolution");
        boolean aggregated = !resolution.equals("raw") && !resolution.equals(Json.ABSENT);

        StringBuilder out = new StringBuilder();
        out.append("host ").append(Table.printable(Json.text(history, "hostId")))
                .append("  pid ").append(Json.text(history, "pid"));
        if (Json.present(history, "name")) {
            out.append(" (").append(Table.printable(Json.text(history, "name"))).append(')');
        }
        out.append("  startTime ").append(Json.text(history, "startTime")).append('\n');
        out.append(Json.text(history, "from")).append(" to ").append(Json.text(history, "to"))
                .append("  resolution ").append(Table.printable(resolution))
                .append(aggregated ? " (avg, with min" + dash(unicode) + "max)" : "")
                .append("  ").append(points.size()).append(points.size() == 1 ? " point" : " points").append('\n');
        if (points.isEmpty()) {
            return out.append("no points in this range\n").toString();
        }

        boolean counted = false;
        for (JsonNode point : points) {
            counted |= point.path("samples").isNumber();
        }
        Table table = new Table().left("TIME");
        if (counted) {
            table.right("SAMPLES");
        }
        List<Format> formats = new ArrayList<>();
        for (String name : names) {
            table.right(name);
            formats.add(Format.of(name, points));
        }
        List<Double> line = new ArrayList<>();
        for (JsonNode point : points) {
            List<String> cells = new ArrayList<>();
            cells.add(Json.text(point, "t"));
            if (counted) {
                cells.add(Json.text(point, "samples"));
            }
            for (int i = 0; i < names.size(); i++) {
                cells.add(formats.get(i).cell(point.get(names.get(i)), unicode));
            }
            table.row(cells.toArray(new String[0]));
            if (names.size() == 1) {
                line.add(value(point.get(names.get(0))));
            }
        }
        out.append('\n').append(table.render());
        if (names.size() == 1) {
            out.append('\n').append(sparkline(names.get(0), formats.get(0), line, unicode));
        }
        return out.toString();
    }

    /** The answer's {@code fields}, or the keys of its points when it has none. */
    private static List<String> fieldNames(JsonNode history) {
        List<String> names = new ArrayList<>();
        if (history.path("fields").isArray()) {
            history.get("fields").forEach(f -> names.add(f.asText()));
            return names;
        }
        for (JsonNode point : history.path("points")) {
            for (Iterator<String> it = point.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                if (!name.equals("t") && !name.equals("samples") && !names.contains(name)) {
                    names.add(name);
                }
            }
        }
        return names;
    }

    /**
     * How one field's column prints: sizes (fields ending in Kb) all in the unit that suits the
     * column's largest value, other numbers as they are.
     */
    record Format(Human.Scale scale) {

        static Format of(String field, JsonNode points) {
            if (!field.endsWith("Kb")) {
                return new Format(null);
            }
            double max = 0;
            for (JsonNode point : points) {
                JsonNode value = point.path(field);
                for (JsonNode number : value.isObject() ? List.of(value.path("min"), value.path("avg"), value.path("max"))
                        : List.of(value)) {
                    if (number.isNumber()) {
                        max = Math.max(max, Math.abs(number.asDouble()));
                    }
                }
            }
            return new Format(Human.Scale.of(max));
        }

        /** {@code 1.13 GiB}, or aggregated {@code 1.08 GiB (0.84–1.13)}; {@code -} when absent. */
        String cell(JsonNode value, boolean unicode) {
            if (value == null || value.isNull()) {
                return Json.ABSENT;
            }
            if (value.isNumber()) {
                return full(value.asDouble());
            }
            if (value.isObject()) {
                JsonNode avg = value.path("avg");
                return (avg.isNumber() ? full(avg.asDouble()) : Json.ABSENT) + " (" + number(value.path("min"))
                        + dash(unicode) + number(value.path("max")) + ")";
            }
            return Json.scalar(value);
        }

        String full(double value) {
            return scale == null ? Human.number(value) : scale.format(value);
        }

        private String number(JsonNode value) {
            if (!value.isNumber()) {
                return Json.ABSENT;
            }
            return scale == null ? Human.number(value.asDouble()) : scale.number(value.asDouble());
        }
    }

    /** The number a point plots: the value, or the average of an aggregated one. */
    private static Double value(JsonNode value) {
        if (value != null && value.isNumber()) {
            return value.asDouble();
        }
        if (value != null && value.path("avg").isNumber()) {
            return value.get("avg").asDouble();
        }
        return null;
    }

    private static String sparkline(String field, Format format, List<Double> values, boolean unicode) {
        double min = values.stream().filter(v -> v != null).mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
        double max = values.stream().filter(v -> v != null).mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        if (Double.isNaN(min)) {
            return "";
        }
        return field + "  " + Sparkline.render(values, SPARKLINE_WIDTH, unicode) + "  " + format.full(min)
                + dash(unicode) + format.full(max) + "\n";
    }

    private static String dash(boolean unicode) {
        return unicode ? "–" : "..";
    }
}
