package io.memfleet.cli.query;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/** A mapping of the API as the kernel's maps show it: {@code start-end perms offset dev inode path}. */
final class Mappings {

    private Mappings() {
    }

    /** {@code 7f3a1c000000-7f3a1c021000}, from the API's hex strings. */
    static String range(JsonNode mapping) {
        return hex(mapping.get("start")) + "-" + hex(mapping.get("end"));
    }

    /** The offset in hex, as the kernel prints it (a number from the API is converted). */
    static String offset(JsonNode mapping) {
        JsonNode offset = mapping.get("offset");
        if (offset != null && offset.isIntegralNumber()) {
            return String.format(Locale.ROOT, "%08x", offset.asLong());
        }
        return Json.text(mapping, "offset");
    }

    /** The mapping's size in bytes, or -1 when its addresses are not hex. */
    static long bytes(JsonNode mapping) {
        try {
            long start = Long.parseUnsignedLong(hex(mapping.get("start")), 16);
            long end = Long.parseUnsignedLong(hex(mapping.get("end")), 16);
            return Long.compareUnsigned(end, start) >= 0 ? end - start : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String hex(JsonNode value) {
        if (value == null || value.isNull()) {
            return Json.ABSENT;
        }
        if (value.isIntegralNumber()) {
            return Long.toHexString(value.asLong());
        }
        String text = value.asText();
        return text.startsWith("0x") ? text.substring(2) : text;
    }
}
