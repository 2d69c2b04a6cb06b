package io.memfleet.aggregator.query;

/**
 * The API route a request path belongs to, with its variable parts as placeholders
 * ({@code /api/hosts/{hostId}/processes/{pid}/history}): the label of the request latency metric,
 * so it has one series per route, not one per host and pid. The web view is {@code /} and
 * {@code /ui/{file}}; unknown paths are all {@code other}.
 */
public final class RouteTemplate {

    public static final String OTHER = "other";

    private static final String[][] ROUTES = {
        {"healthz"},
        {"metrics"},
        {"api", "hosts"},
        {"api", "hosts", "{hostId}"},
        {"api", "hosts", "{hostId}", "processes"},
        {"api", "hosts", "{hostId}", "processes", "{pid}", "history"},
        {"api", "hosts", "{hostId}", "processes", "{pid}", "mappings"},
        {"api", "hosts", "{hostId}", "processes", "{pid}", "mappings", "changes"},
        {"api", "anomalies"},
    };

    private RouteTemplate() {
    }

    /** The template of a raw (still percent-encoded) request path; {@link #OTHER} if no route has it. */
    public static String of(String rawPath) {
        if (rawPath != null && WebUi.owns(rawPath)) {
            return "/".equals(rawPath) ? "/" : WebUi.UI_PREFIX + "{file}";
        }
        String trimmed = rawPath == null ? "" : rawPath.replaceAll("^/+|/+$", "");
        String[] segments = trimmed.isEmpty() ? new String[0] : trimmed.split("/+");
        for (String[] route : ROUTES) {
            if (matches(route, segments)) {
                return "/" + String.join("/", route);
            }
        }
        return OTHER;
    }

    private static boolean matches(String[] route, String[] segments) {
        if (route.length != segments.length) {
            return false;
        }
        for (int i = 0; i < route.length; i++) {
            if (!route[i].startsWith("{") && !route[i].equals(segments[i])) {
                return false;
            }
        }
        return true;
    }
}
