package io.memfleet.common.config;

import org.apache.kafka.common.config.ConfigDef;

/**
 * Validators whose {@code toString} says what they accept: the "valid values" column of the
 * generated docs and {@code --help} prints it, and a lambda's own would read {@code Foo$$Lambda/0x…}.
 */
public final class Validators {

    private Validators() {
    }

    /** {@code check} under a name that tells an operator what is accepted. */
    public static ConfigDef.Validator described(String description, ConfigDef.Validator check) {
        return new ConfigDef.Validator() {
            @Override
            public void ensureValid(String name, Object value) {
                check.ensureValid(name, value);
            }

            @Override
            public String toString() {
                return description;
            }
        };
    }

    /**
     * {@code check}, or no value at all: a key whose default is derived from other keys has a null
     * default, which Kafka's own validators (a {@code Range}) would refuse.
     */
    public static ConfigDef.Validator optional(ConfigDef.Validator check) {
        return described(check + " or unset", (name, value) -> {
            if (value != null) {
                check.ensureValid(name, value);
            }
        });
    }
}
