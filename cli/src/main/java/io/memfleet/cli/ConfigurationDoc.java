package io.memfleet.cli;

import io.memfleet.aggregator.AggregatorConfig;
import io.memfleet.alerts.AlertsConfig;
import io.memfleet.collector.CollectorConfig;
import io.memfleet.common.config.ConfigDocs;
import io.memfleet.common.config.ConfigKeys;
import io.memfleet.common.config.GeneratedBlocks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The key tables of docs/configuration.md, generated from the services' {@code ConfigDef}s between
 * {@code <!-- BEGIN GENERATED: … keys -->} markers; the prose around them is written by hand.
 * {@code ConfigurationDocTest} fails when the file and the ConfigDefs drift apart.
 */
public final class ConfigurationDoc {

    /** Rewrites the tables of docs/configuration.md (run from the repository root). */
    public static final String REGENERATE = "mvn -B -q -pl cli -am test -Dtest=ConfigurationDocTest "
            + "-Dsurefire.failIfNoSpecifiedTests=false -Dmemfleet.docs.update=true";

    /** Each block's name and the keys it documents. */
    public static final Map<String, ConfigKeys> BLOCKS = blocks();

    private ConfigurationDoc() {
    }

    private static Map<String, ConfigKeys> blocks() {
        Map<String, ConfigKeys> blocks = new LinkedHashMap<>();
        blocks.put("collector keys", CollectorConfig.KEYS);
        blocks.put("aggregator keys", AggregatorConfig.KEYS);
        blocks.put("alerts keys", AlertsConfig.KEYS);
        return blocks;
    }

    /** {@code document} with every block's table as the ConfigDefs say. */
    public static String regenerate(String document) {
        String text = document;
        for (Map.Entry<String, ConfigKeys> block : BLOCKS.entrySet()) {
            text = GeneratedBlocks.replace(text, block.getKey(), ConfigDocs.markdownTable(block.getValue()));
        }
        return text;
    }

    /** Rewrites the file named by the argument, docs/configuration.md by default. */
    public static void main(String[] args) throws IOException {
        Path file = Path.of(args.length > 0 ? args[0] : "docs/configuration.md");
        Files.writeString(file, regenerate(Files.readString(file)));
    }
}
