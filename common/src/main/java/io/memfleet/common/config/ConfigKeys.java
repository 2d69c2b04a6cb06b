package io.memfleet.common.config;

import org.apache.kafka.common.config.ConfigDef;

/**
 * A service's configuration keys, as one source for validation, {@code --help} and
 * docs/configuration.md: its {@code ConfigDef} and the prefix of keys it passes to a Kafka client
 * unchecked.
 *
 * @param definition        every key: name, type, default, validator and doc
 * @param passThroughPrefix keys starting with this go to the Kafka client without it ({@code kafka.})
 * @param passThroughDoc    what those keys are for, one sentence
 */
public record ConfigKeys(ConfigDef definition, String passThroughPrefix, String passThroughDoc) {
}
