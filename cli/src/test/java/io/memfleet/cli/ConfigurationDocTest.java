package io.memfleet.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.memfleet.common.config.ConfigDocs;
import io.memfleet.common.config.ConfigKeys;
import io.memfleet.common.config.GeneratedBlocks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef.ConfigKey;
import org.junit.jupiter.api.Test;

/**
 * docs/configuration.md's key tables say what the ConfigDefs say. With
 * {@code -Dmemfleet.docs.update=true} it rewrites them instead ({@link ConfigurationDoc#REGENERATE}).
 */
class ConfigurationDocTest {

    /** Tests run in the module's directory; the docs are the repository's. */
    private static final Path DOC = Path.of("..", "docs", "configuration.md");

    @Test
    void shouldDocumentEveryKeyAsItsConfigDefSays() throws IOException {
        String document = Files.readString(DOC);
        if (Boolean.getBoolean("memfleet.docs.update")) {
            Files.writeString(DOC, ConfigurationDoc.regenerate(document));
            return;
        }
        List<String> drift = new ArrayList<>();
        for (Map.Entry<String, ConfigKeys> block : ConfigurationDoc.BLOCKS.entrySet()) {
            drift.addAll(drift(block.getKey(), GeneratedBlocks.read(document, block.getKey()), block.getValue()));
        }
        if (!drift.isEmpty()) {
            fail("docs/configuration.md differs from the ConfigDefs:\n  " + String.join("\n  ", drift)
                    + "\nRegenerate its tables from the repository root with:\n  " + ConfigurationDoc.REGENERATE);
        }
        assertThat(ConfigurationDoc.regenerate(document)).as("the tables' order and headers; regenerate with "
                + ConfigurationDoc.REGENERATE).isEqualTo(document);
    }

    /** One line per key whose row is missing, stale or left over. */
    private static List<String> drift(String name, String table, ConfigKeys keys) {
        List<String> drift = new ArrayList<>();
        List<String> rows = new ArrayList<>(table.lines().toList());
        for (ConfigKey key : keys.definition().configKeys().values()) {
            String expected = ConfigDocs.markdownRow(key);
            if (!rows.remove(expected)) {
                boolean present = rows.stream().anyMatch(row -> row.startsWith("| `" + key.name + "` |"));
                drift.add(name + ": " + key.name + (present ? " is documented differently" : " is missing"));
            }
        }
        String expectedTable = ConfigDocs.markdownTable(keys);
        rows.stream().filter(row -> !expectedTable.contains(row))
                .forEach(row -> drift.add(name + ": " + (row.startsWith("| `") ? row.split("`")[1] : row)
                        + (row.startsWith("| `") && keys.definition().names().contains(row.split("`")[1])
                                ? " is documented differently" : " is no key")));
        return drift.stream().distinct().toList();
    }
}
