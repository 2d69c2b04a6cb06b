package io.memfleet.cli.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memfleet.common.Cli;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TimesTest {

    private final Times times = new Times(Clock.fixed(Instant.parse("2026-11-30T10:00:00.123456Z"), ZoneOffset.UTC));

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({
        "now, 2026-11-30T10:00:00.123Z",
        "NOW, 2026-11-30T10:00:00.123Z",
        "-90s, 2026-11-30T09:58:30.123Z",
        "-30m, 2026-11-30T09:30:00.123Z",
        "-1h, 2026-11-30T09:00:00.123Z",
        "-2d, 2026-11-28T10:00:00.123Z",
        "-1w, 2026-11-23T10:00:00.123Z",
        "-1H, 2026-11-30T09:00:00.123Z",
        "2026-11-30T08:00:00Z, 2026-11-30T08:00:00Z",
        "2026-11-30T08:00:00.5Z, 2026-11-30T08:00:00.500Z",
        "2026-11-30T09:00:00+01:00, 2026-11-30T08:00:00Z",
        "2026-11-29T23:00:00-05:00, 2026-11-30T04:00:00Z",
    })
    void shouldReadTimesAsUtcInstants(String text, String expected) {
        assertThat(times.parse("--from", text)).isEqualTo(Instant.parse(expected));
        assertThat(times.iso("--from", text)).isEqualTo(expected);
    }

    @Test
    void shouldLeaveAnAbsentTimeAbsent() {
        assertThat(times.iso("--at", null)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"yesterday", "1h", "-1y", "-h", "+1h", "", "2026-13-01T00:00:00Z", "-99999999999h"})
    void shouldRejectWhatIsNotATimeNamingTheFlag(String text) {
        assertThatThrownBy(() -> times.parse("--from", text))
                .isInstanceOfSatisfying(QueryException.class, e -> assertThat(e.exitCode()).isEqualTo(Cli.EXIT_USAGE))
                .hasMessage("--from " + text + ": not a time; use ISO-8601 (2026-11-30T10:00:00Z), "
                        + "a time relative to now (-30m, -1h, -2d) or now");
    }

    @Test
    void shouldAskForAZoneWhenTheTimeHasNone() {
        assertThatThrownBy(() -> times.parse("--to", "2026-11-30T10:00:00"))
                .hasMessage("--to 2026-11-30T10:00:00: no time zone; add Z for UTC (2026-11-30T10:00:00Z)"
                        + " or an offset such as +01:00");
        assertThatThrownBy(() -> times.parse("--since", "2026-11-30"))
                .hasMessage("--since 2026-11-30: no time zone; add Z for UTC (2026-11-30T00:00:00Z)"
                        + " or an offset such as +01:00");
    }
}
