package io.memfleet.common.config;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;

/**
 * Every problem of a configuration at once, so an operator fixes a file in one round instead of
 * one restart per mistake: each bad value (type or range, from {@link ConfigDef#validateAll}),
 * each unknown key (with the known key it is probably a typo of), then whatever conflicts between
 * keys the service adds with {@link #conflict}. {@link #throwIfAny} fails once, naming them all.
 *
 * <p>Cross-key checks should look only at keys that are {@link #isValid valid}: a key with a bad
 * value is reported already, and its parsed value is null.
 */
public final class ConfigReport {

    private final Map<String, ?> settings;
    private final Map<String, ConfigValue> values;
    private final List<String> problems = new ArrayList<>();

    private ConfigReport(Map<String, ?> settings, Map<String, ConfigValue> values) {
        this.settings = settings;
        this.values = values;
    }

    /** Checks every value of {@code settings} (a file overlaid by flags) against {@code keys}. */
    public static ConfigReport of(ConfigKeys keys, Map<String, ?> settings) {
        ConfigDef definition = keys.definition();
        // validateAll takes strings, but parses typed values too (flags give Integer and Long).
        @SuppressWarnings("unchecked")
        Map<String, String> raw = (Map<String, String>) (Map<String, ?>) settings;
        ConfigReport report = new ConfigReport(settings, definition.validateAll(raw));
        for (String key : definition.configKeys().keySet()) {
            List<String> errors = report.values.get(key).errorMessages();
            if (!errors.isEmpty()) {
                // The first says why; a validator run on the null a failed parse left adds only noise.
                report.problems.add(errors.get(0));
            }
        }
        report.unknownKeys(definition.names(), keys.passThroughPrefix());
        return report;
    }

    private void unknownKeys(Set<String> known, String passThroughPrefix) {
        for (String key : new TreeSet<>(settings.keySet())) {
            if (!known.contains(key) && !key.startsWith(passThroughPrefix)) {
                problems.add("unknown configuration key " + key + ClosestKey.to(key, known)
                        .map(suggestion -> " (did you mean " + suggestion + "?)")
                        .orElse(" (keys under " + passThroughPrefix + "* go to the Kafka client)"));
            }
        }
    }

    /** True when every one of {@code keys} has a value that parsed and passed its validator. */
    public boolean isValid(String... keys) {
        for (String key : keys) {
            ConfigValue value = values.get(key);
            if (value == null || !value.errorMessages().isEmpty()) {
                return false;
            }
        }
        return true;
    }

    /** True when the file or a flag gave {@code key} (rather than its default). */
    public boolean isSet(String key) {
        return settings.containsKey(key);
    }

    /** The parsed value of a {@link #isValid valid} key, or its default. */
    public Object value(String key) {
        return values.get(key).value();
    }


    /** Records a conflict between keys; the message names them and their values. */
    public void conflict(String problem) {
        problems.add(problem);
    }

    public List<String> problems() {
        return List.copyOf(problems);
    }

    /** Fails with one exception naming every problem; one problem reads as one line. */
    public void throwIfAny() {
        if (problems.isEmpty()) {
            return;
        }
        List<String> distinct = new ArrayList<>(new LinkedHashSet<>(problems));
        if (distinct.size() == 1) {
            throw new ConfigException(distinct.get(0));
        }
        StringBuilder message = new StringBuilder(distinct.size() + " problems:");
        distinct.forEach(problem -> message.append(System.lineSeparator()).append("  - ").append(problem));
        throw new ConfigException(message.toString());
    }
}
