package io.memfleet.common.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.ConfigKey;

/**
 * Renders {@link ConfigKeys} for people: the Markdown table of docs/configuration.md and the key
 * list at the end of a command's {@code --help}. Both come from the {@code ConfigDef}, so neither
 * can lack a key or state another default (Kafka's {@code toRst}/{@code toHtml} do the same for
 * its own docs).
 */
public final class ConfigDocs {

    private static final int HELP_WIDTH = 78;
    private static final String HELP_INDENT = "      ";

    private ConfigDocs() {
    }

    /** One row per key, in definition order, then one for the pass-through prefix. */
    public static String markdownTable(ConfigKeys keys) {
        StringBuilder table = new StringBuilder("| key | type | default | valid values | meaning |\n")
                .append("| --- | --- | --- | --- | --- |\n");
        for (ConfigKey key : keys.definition().configKeys().values()) {
            table.append(markdownRow(key)).append('\n');
        }
        table.append("| `").append(keys.passThroughPrefix()).append("*` | | | | ")
                .append(cell(keys.passThroughDoc())).append(" |\n");
        return table.toString();
    }

    /** The table row of {@code key}, as {@link #markdownTable} writes it. */
    public static String markdownRow(ConfigKey key) {
        String defaultValue = defaultValue(key);
        return "| `" + key.name + "` | " + type(key) + " | "
                + (isLiteral(key) ? "`" + cell(ConfigDef.convertToString(key.defaultValue, key.type)) + "`"
                        + readable(key) : cell(defaultValue))
                + " | " + cell(validValues(key)) + " | " + cell(key.documentation) + " |";
    }

    /** True when the default column shows a value to type, rather than words about it ("required", "empty"). */
    private static boolean isLiteral(ConfigKey key) {
        return key.hasDefault() && key.alternativeString == null && key.defaultValue != null
                && !ConfigDef.convertToString(key.defaultValue, key.type).isEmpty();
    }

    /**
     * The keys for a picocli footer: name, type and default on one line, then the doc, wrapped.
     * {@code %} is doubled because picocli formats footers with {@code String.format}.
     */
    public static String[] helpFooter(ConfigKeys keys, String title) {
        List<String> lines = new ArrayList<>();
        lines.add("");
        lines.add(title);
        for (ConfigKey key : keys.definition().configKeys().values()) {
            String valid = key.validator == null ? "" : ", " + validValues(key);
            lines.addAll(wrap(key.name + " (" + type(key) + ", "
                    + (key.hasDefault() ? "default " : "") + defaultValue(key) + valid + ")", "  ", "    "));
            lines.addAll(wrap(key.documentation, HELP_INDENT, HELP_INDENT));
        }
        lines.add("  " + keys.passThroughPrefix() + "*");
        lines.addAll(wrap(keys.passThroughDoc(), HELP_INDENT, HELP_INDENT));
        return lines.stream().map(line -> line.replace("%", "%%")).toArray(String[]::new);
    }

    static String type(ConfigKey key) {
        return key.type.name().toLowerCase(Locale.ROOT);
    }

    /**
     * What the default is: "required" without one, the {@code alternativeString} of a key whose
     * default is derived from others, "empty" for an empty string or list, else the value (with a
     * readable duration or size for {@code .ms} and {@code .bytes} keys).
     */
    static String defaultValue(ConfigKey key) {
        if (!key.hasDefault()) {
            return "required";
        }
        if (key.alternativeString != null) {
            return key.alternativeString;
        }
        if (key.defaultValue == null) {
            return "none";
        }
        String text = ConfigDef.convertToString(key.defaultValue, key.type);
        return text.isEmpty() ? "empty" : text + readable(key);
    }

    /** " (24 h)" after a duration in milliseconds, " (256 MiB)" after a size in bytes; else nothing. */
    private static String readable(ConfigKey key) {
        if (!(key.defaultValue instanceof Long || key.defaultValue instanceof Integer)) {
            return "";
        }
        long number = ((Number) key.defaultValue).longValue();
        if (key.name.endsWith(".ms") && number >= 1000 && number % 1000 == 0) {
            return " (" + Readable.duration(number) + ")";
        }
        if (key.name.endsWith(".bytes") && number >= 1024 && number % 1024 == 0) {
            return " (" + Readable.bytes(number) + ")";
        }
        return "";
    }

    static String validValues(ConfigKey key) {
        if (key.validator == null) {
            return key.type == ConfigDef.Type.BOOLEAN ? "true, false" : "";
        }
        String text = key.validator.toString();
        if (text.contains("$$Lambda") || text.contains("$Lambda")) {
            throw new IllegalStateException("the validator of " + key.name
                    + " does not say what it accepts: wrap it in Validators.described(...)");
        }
        return text;
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }

    private static List<String> wrap(String text, String firstIndent, String indent) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder(firstIndent);
        for (String word : text.split("\\s+")) {
            boolean empty = line.toString().isBlank();
            if (!empty && line.length() + 1 + word.length() > HELP_WIDTH) {
                lines.add(line.toString());
                line = new StringBuilder(indent);
                empty = true;
            }
            if (!empty) {
                line.append(' ');
            }
            line.append(word);
        }
        if (!line.toString().isBlank()) {
            lines.add(line.toString());
        }
        return lines;
    }
}
