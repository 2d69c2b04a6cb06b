package io.memfleet.cli.query;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Times as the command line takes them: ISO-8601 with a zone ({@code 2026-11-30T10:00:00Z},
 * {@code 2026-11-30T11:00:00+01:00}), relative to now ({@code -90s}, {@code -30m}, {@code -1h},
 * {@code -2d}, {@code -1w}), or {@code now}; sent to the server as ISO-8601 UTC to the millisecond.
 */
final class Times {

    private static final Pattern RELATIVE = Pattern.compile("-([0-9]{1,9})([smhdw])");

    private final Clock clock;

    Times(Clock clock) {
        this.clock = clock;
    }

    /**
     * The instant {@code text} names.
     *
     * @param flag the option it came from, for the error message
     * @throws QueryException (usage) naming the flag when the text is not a time
     */
    Instant parse(String flag, String text) {
        String value = text.trim();
        if (value.equalsIgnoreCase("now")) {
            return now();
        }
        Matcher relative = RELATIVE.matcher(value.toLowerCase(Locale.ROOT));
        if (relative.matches()) {
            long amount = Long.parseLong(relative.group(1));
            Duration unit = switch (relative.group(2)) {
                case "s" -> Duration.ofSeconds(1);
                case "m" -> Duration.ofMinutes(1);
                case "h" -> Duration.ofHours(1);
                case "d" -> Duration.ofDays(1);
                default -> Duration.ofDays(7);
            };
            return now().minus(unit.multipliedBy(amount));
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            // Not a zoned time: say what would have been.
        }
        if (parses(value)) {
            throw QueryException.usage(flag + " " + text + ": no time zone; add Z for UTC ("
                    + example(value) + ") or an offset such as +01:00");
        }
        throw QueryException.usage(flag + " " + text + ": not a time; use ISO-8601 (2026-11-30T10:00:00Z), "
                + "a time relative to now (-30m, -1h, -2d) or now");
    }

    /** {@link #parse} as the server wants it: ISO-8601 UTC, {@code 2026-11-30T10:00:00Z}. */
    String iso(String flag, String text) {
        return text == null ? null : parse(flag, text).toString();
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private static boolean parses(String value) {
        try {
            LocalDateTime.parse(value);
            return true;
        } catch (DateTimeParseException e) {
            try {
                LocalDate.parse(value);
                return true;
            } catch (DateTimeParseException e2) {
                return false;
            }
        }
    }

    private static String example(String value) {
        return value.contains("T") ? value + "Z" : value + "T00:00:00Z";
    }
}
