package io.memfleet.common;

import java.util.Locale;
import org.apache.kafka.common.config.ConfigException;

/** Command-line durations: {@code 500ms}, {@code 10s}, {@code 5m}, {@code 1h}; a plain number is seconds. */
public final class Durations {

    private Durations() {
    }

    public static long parseMillis(String flag, String text) {
        String value = text.trim().toLowerCase(Locale.ROOT);
        long unit = 1000;
        String digits = value;
        if (value.endsWith("ms")) {
            unit = 1;
            digits = value.substring(0, value.length() - 2);
        } else if (value.endsWith("s")) {
            digits = value.substring(0, value.length() - 1);
        } else if (value.endsWith("m")) {
            unit = 60_000;
            digits = value.substring(0, value.length() - 1);
        } else if (value.endsWith("h")) {
            unit = 3_600_000;
            digits = value.substring(0, value.length() - 1);
        }
        try {
            long amount = Long.parseLong(digits.trim());
            if (amount <= 0) {
                throw new NumberFormatException();
            }
            return Math.multiplyExact(amount, unit);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new ConfigException(flag, text, "expected a positive duration such as 500ms, 10s, 5m or 1h");
        }
    }
}
