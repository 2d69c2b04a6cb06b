package io.memfleet.common;

import io.memfleet.common.config.Validators;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/** Loading and checking the properties files that configure memfleet's services. */
public final class ConfigFiles {

    /** A list setting that must name at least one element (bootstrap servers, say). */
    public static final ConfigDef.Validator NON_EMPTY_LIST = Validators.described("host:port[,host:port...]",
            (name, value) -> {
                if (value == null || ((List<?>) value).isEmpty()
                        || ((List<?>) value).stream().anyMatch(v -> v.toString().isBlank())) {
                    throw new ConfigException(name, value, "must list at least one host:port");
                }
            });

    private ConfigFiles() {
    }

    /**
     * The keys of {@code explicit} (which must be readable) or, if that is null, of
     * {@code defaultFile} when it exists; an empty map otherwise. Values are trimmed.
     */
    public static Map<String, Object> load(Path explicit, Path defaultFile) {
        Path file = explicit != null ? explicit : Files.exists(defaultFile) ? defaultFile : null;
        Map<String, Object> settings = new HashMap<>();
        if (file == null) {
            return settings;
        }
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            properties.load(in);
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException("cannot read config file " + file + ": " + e);
        }
        properties.stringPropertyNames().forEach(key -> settings.put(key, properties.getProperty(key).trim()));
        return settings;
    }

    /** Sets {@code key} when a flag gave a value: flags win over the file. */
    public static void override(Map<String, Object> settings, String key, Object flagValue) {
        if (flagValue != null) {
            settings.put(key, flagValue);
        }
    }
}
