package io.memfleet.cli.query;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** Numbers and times for people: {@code 1.2 GiB}, {@code 12s ago}. */
final class Human {

    private static final String[] UNITS = {"KiB", "MiB", "GiB", "TiB", "PiB"};

    private Human() {
    }

    /**
     * A size given in kB (the kernel's kB are KiB): {@code 0}, {@code 512 KiB}, {@code 1.2 GiB},
     * {@code 12 MiB}; one decimal below 10 of a unit, none above.
     */
    static String kib(double kb) {
        if (kb == 0) {
            return "0";
        }
        double value = Math.abs(kb);
        int unit = 0;
        // 1023.5 and up would print as 1024 of this unit: show 1.0 of the next instead.
        while (unit < UNITS.length - 1 && value >= 1023.5) {
            value /= 1024;
            unit++;
        }
        String sign = kb < 0 ? "-" : "";
        if (unit == 0 || value >= 9.95) {
            return sign + Math.round(value) + " " + UNITS[unit];
        }
        return sign + String.format(Locale.ROOT, "%.1f %s", value, UNITS[unit]);
    }

    /**
     * One unit for a column of sizes in kB, so rows compare at a glance: the unit its largest value
     * shows in as 1 to 1023, with decimals for three significant digits of that value
     * ({@code 1.13 GiB}, {@code 0.84 GiB}, {@code 862 MiB}).
     */
    record Scale(int unit, int decimals) {

        static Scale of(double maxKb) {
            double value = Math.abs(maxKb);
            int unit = 0;
            while (unit < UNITS.length - 1 && value >= 1023.5) {
                value /= 1024;
                unit++;
            }
            int decimals = unit == 0 || value >= 99.95 ? 0 : value >= 9.995 ? 1 : 2;
            return new Scale(unit, decimals);
        }

        /** The number alone, {@code 1.13}; {@code 0} for zero. */
        String number(double kb) {
            if (kb == 0) {
                return "0";
            }
            return String.format(Locale.ROOT, "%." + decimals + "f", kb / Math.pow(1024, unit));
        }

        String unitName() {
            return UNITS[unit];
        }

        /** The number and the unit, {@code 1.13 GiB}; {@code 0} for zero. */
        String format(double kb) {
            return kb == 0 ? "0" : number(kb) + " " + unitName();
        }
    }

    /** A count or measurement: {@code 42}, {@code 12.5}; at most one decimal. */
    static String number(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return String.format(Locale.ROOT, "%.1f", value);
    }

    /** How long ago: {@code 12s ago}, {@code 5m ago}, {@code 3h ago}, {@code 2d ago}; {@code in 3s} for the future. */
    static String ago(Instant then, Instant now) {
        Duration elapsed = Duration.between(then, now);
        if (elapsed.isNegative()) {
            return "in " + span(elapsed.negated());
        }
        return span(elapsed) + " ago";
    }

    /** {@code 2026-11-30T10:00:00Z (12s ago)}; text that is not an ISO instant is returned as is. */
    static String timeAndAgo(String iso, Instant now) {
        try {
            return iso + " (" + ago(Instant.parse(iso), now) + ")";
        } catch (DateTimeParseException e) {
            return iso;
        }
    }

    /** {@code 12s ago} for an ISO instant, or the text as is. */
    static String agoOrText(String iso, Instant now) {
        try {
            return ago(Instant.parse(iso), now);
        } catch (DateTimeParseException e) {
            return iso;
        }
    }

    /** A host's clock against the broker's: {@code +1095d} ahead, {@code -3m} behind, {@code 0s}. */
    static String skew(long ms) {
        if (Math.abs(ms) < 1_000) {
            return "0s";
        }
        return (ms > 0 ? "+" : "-") + span(Duration.ofMillis(Math.abs(ms)));
    }

    private static String span(Duration d) {
        long seconds = d.getSeconds();
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return seconds / 60 + "m";
        }
        if (seconds < 48 * 3600) {
            return seconds / 3600 + "h";
        }
        return seconds / 86400 + "d";
    }
}
