package io.memfleet.aggregator.query;

import java.util.List;

/**
 * A route's path with its variable parts as placeholders ({@code /api/hosts/{hostId}}). Matched
 * against the raw (still percent-encoded) path segments, so an encoded {@code /} inside a host id
 * stays inside its segment; the template's text is the route's metric label, one series per
 * route, not one per host and pid.
 */
record RouteTemplate(String text, List<String> parts) {

    static RouteTemplate parse(String text) {
        return new RouteTemplate(text, List.of(segments(text)));
    }

    /** A raw path's segments, ignoring leading, trailing and repeated slashes. */
    static String[] segments(String rawPath) {
        String trimmed = rawPath == null ? "" : rawPath.replaceAll("^/+|/+$", "");
        return trimmed.isEmpty() ? new String[0] : trimmed.split("/+");
    }

    boolean matches(String[] rawSegments) {
        if (rawSegments.length != parts.size()) {
            return false;
        }
        for (int i = 0; i < rawSegments.length; i++) {
            if (!isVariable(parts.get(i)) && !parts.get(i).equals(rawSegments[i])) {
                return false;
            }
        }
        return true;
    }

    /** The segment that holds {@code {name}}. */
    int indexOf(String name) {
        int index = parts.indexOf("{" + name + "}");
        if (index < 0) {
            throw new IllegalArgumentException("route " + text + " has no {" + name + "}");
        }
        return index;
    }

    List<String> variables() {
        return parts.stream().filter(RouteTemplate::isVariable).map(p -> p.substring(1, p.length() - 1)).toList();
    }

    private static boolean isVariable(String part) {
        return part.startsWith("{") && part.endsWith("}");
    }
}
