package io.memfleet.cli.query;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/** Reading the API's answers leniently: a missing or null field prints as {@code -}. */
final class Json {

    static final String ABSENT = "-";

    private Json() {
    }

    /** The answer, which must be a JSON array, else the server is not the API we know. */
    static JsonNode array(JsonNode answer, String what) {
        if (!answer.isArray()) {
            throw QueryException.failure("unexpected answer: expected a JSON array of " + what + ", got " + kind(answer));
        }
        return answer;
    }

    /** The answer, which must be a JSON object. */
    static JsonNode object(JsonNode answer, String what) {
        if (!answer.isObject()) {
            throw QueryException.failure("unexpected answer: expected a JSON object (" + what + "), got " + kind(answer));
        }
        return answer;
    }

    static boolean present(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && !value.isNull();
    }

    /** A field as text; {@code -} when absent or null. */
    static String text(JsonNode node, String field) {
        return present(node, field) ? scalar(node.get(field)) : ABSENT;
    }

    /**
     * A time as ISO-8601 UTC text: as the API sends it, or converted from the epoch milliseconds an
     * older aggregator sent for {@code detectedAt}; {@code -} when absent.
     */
    static String time(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isIntegralNumber() ? Instant.ofEpochMilli(value.asLong()).toString()
                : text(node, field);
    }

    /** A value as text: strings as they are, other values as JSON. */
    static String scalar(JsonNode value) {
        return value.isValueNode() ? value.asText() : value.toString();
    }

    /** A size in kB made human ({@code 1.2 GiB}); {@code -} when absent or not a number. */
    static String kib(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isNumber() ? Human.kib(value.asDouble()) : ABSENT;
    }

    private static String kind(JsonNode node) {
        return node.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
    }
}
