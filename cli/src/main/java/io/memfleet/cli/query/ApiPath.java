package io.memfleet.cli.query;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A path of the aggregator's API and its query parameters, each segment and value percent-encoded
 * (a host id may hold spaces, slashes, anything): {@code /api/hosts/web%201/processes?state=all}.
 * Parameters without a value are left out.
 */
final class ApiPath {

    private final List<String> segments = new ArrayList<>();
    private final List<Map.Entry<String, String>> parameters = new ArrayList<>();

    private ApiPath() {
    }

    static ApiPath of(Object... segments) {
        ApiPath path = new ApiPath();
        for (Object segment : segments) {
            path.segments.add(String.valueOf(segment));
        }
        return path;
    }

    /** Adds {@code name=value}, unless value is null. */
    ApiPath param(String name, Object value) {
        if (value != null) {
            parameters.add(Map.entry(name, String.valueOf(value)));
        }
        return this;
    }

    /** The raw (encoded) path and query, starting with {@code /}. */
    String encoded() {
        StringBuilder out = new StringBuilder();
        for (String segment : segments) {
            out.append('/').append(encode(segment));
        }
        String separator = "?";
        for (Map.Entry<String, String> parameter : parameters) {
            out.append(separator).append(encode(parameter.getKey())).append('=').append(encode(parameter.getValue()));
            separator = "&";
        }
        return out.toString();
    }

    /**
     * Percent-encodes everything but {@code A-Z a-z 0-9 . - * _}. A space becomes {@code %20}, not
     * {@code +}: in a path segment {@code +} is a plus.
     */
    static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Override
    public String toString() {
        return encoded();
    }
}
