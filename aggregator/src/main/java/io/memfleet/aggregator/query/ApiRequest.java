package io.memfleet.aggregator.query;

import io.memfleet.aggregator.topology.MemoryField;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A request's path segments and query parameters, decoded, with typed accessors that reject a bad
 * value with a {@link BadRequest} naming the parameter.
 */
final class ApiRequest {

    /** A parameter or path segment a client got wrong: answered 400 with this message. */
    static final class BadRequest extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BadRequest(String message) {
            super(message);
        }
    }

    private final String[] segments;
    private final Map<String, String> params;

    private ApiRequest(String[] segments, Map<String, String> params) {
        this.segments = segments;
        this.params = params;
    }

    static ApiRequest of(URI uri) {
        String trimmed = uri.getRawPath().replaceAll("^/+|/+$", "");
        String[] segments = trimmed.isEmpty() ? new String[0] : trimmed.split("/+");
        for (int i = 0; i < segments.length; i++) {
            segments[i] = decode(segments[i], "path");
        }
        Map<String, String> params = new LinkedHashMap<>();
        String query = uri.getRawQuery();
        if (query != null && !query.isEmpty()) {
            for (String pair : query.split("&")) {
                String[] kv = pair.split("=", 2);
                params.put(decode(kv[0], "query"), kv.length > 1 ? decode(kv[1], "query") : "");
            }
        }
        return new ApiRequest(segments, params);
    }

    private static String decode(String raw, String where) {
        try {
            return URLDecoder.decode(raw, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new BadRequest("malformed percent-encoding in the " + where + ": " + raw);
        }
    }

    String segment(int i) {
        return segments[i];
    }

    /** The decoded path segments. */
    List<String> segments() {
        return List.of(segments);
    }

    String param(String name) {
        return params.get(name);
    }

    int pid(int segment) {
        try {
            int pid = Integer.parseInt(segments[segment]);
            if (pid > 0) {
                return pid;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new BadRequest("bad pid '" + segments[segment] + "': expected a process id (a whole number from 1)");
    }

    /** An ISO-8601 time such as {@code 2026-11-30T10:00:00Z} (or with an offset), as epoch ms. */
    long time(String name, long defaultValue) {
        String value = params.get(name);
        if (value == null || value.isEmpty()) {
            return defaultValue;
        }
        Instant instant;
        try {
            instant = Instant.parse(value);
        } catch (DateTimeParseException e) {
            try {
                instant = OffsetDateTime.parse(value).toInstant();
            } catch (DateTimeParseException again) {
                throw new BadRequest("bad parameter " + name + "='" + value
                        + "': expected an ISO-8601 time such as 2026-11-30T10:00:00Z");
            }
        }
        try {
            return instant.toEpochMilli();
        } catch (ArithmeticException outOfRange) {
            // Instant reaches a billion years either way; epoch milliseconds ~292 million.
            throw new BadRequest("bad parameter " + name + "='" + value + "': out of range");
        }
    }

    int integer(String name, int defaultValue, int min, int max) {
        String value = params.get(name);
        if (value == null || value.isEmpty()) {
            return defaultValue;
        }
        try {
            int parsed = Integer.parseInt(value);
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new BadRequest("bad parameter " + name + "='" + value + "': expected a whole number from " + min + " to "
                + max);
    }

    Long optionalLong(String name) {
        String value = params.get(name);
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new BadRequest("bad parameter " + name + "='" + value + "': expected a whole number");
        }
    }

    /** An enum parameter by its constant's name, case-insensitively; null when absent. */
    <E extends Enum<E>> E enumParam(String name, Class<E> type) {
        String value = params.get(name);
        if (value == null || value.isEmpty()) {
            return null;
        }
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equalsIgnoreCase(value.trim())) {
                return constant;
            }
        }
        throw new BadRequest("bad parameter " + name + "='" + value + "': expected one of "
                + Arrays.toString(type.getEnumConstants()));
    }

    /** The {@code fields} parameter: comma-separated field names; all fields when absent. */
    List<MemoryField> fields() {
        String value = params.get("fields");
        if (value == null || value.isBlank()) {
            return Arrays.asList(MemoryField.values());
        }
        List<MemoryField> fields = new ArrayList<>();
        for (String name : value.split(",")) {
            try {
                fields.add(MemoryField.byJsonName(name));
            } catch (IllegalArgumentException e) {
                throw new BadRequest("bad parameter fields: " + e.getMessage());
            }
        }
        return fields;
    }
}
