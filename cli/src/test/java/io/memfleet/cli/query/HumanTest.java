package io.memfleet.cli.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HumanTest {

    @ParameterizedTest(name = "{0} kB = {1}")
    @CsvSource({
        "0, 0",
        "4, 4 KiB",
        "1023, 1023 KiB",
        "1023.6, 1.0 MiB",
        "1024, 1.0 MiB",
        "1536, 1.5 MiB",
        "10189, 10 MiB",
        "12800, 13 MiB",
        "1048575, 1.0 GiB",
        "1258291, 1.2 GiB",
        "10485760, 10 GiB",
        "1073741824, 1.0 TiB",
        "-2048, -2.0 MiB",
    })
    void shouldFormatKibibytes(double kb, String expected) {
        assertThat(Human.kib(kb)).isEqualTo(expected);
    }

    @Test
    void shouldScaleAColumnToTheUnitOfItsLargestValueWithThreeSignificantDigits() {
        Human.Scale gib = Human.Scale.of(1_363_149);

        assertThat(gib.unitName()).isEqualTo("GiB");
        assertThat(gib.format(1_184_891)).isEqualTo("1.13 GiB");
        assertThat(gib.number(283_588)).isEqualTo("0.27");
        assertThat(gib.format(0)).isEqualTo("0");
        assertThat(Human.Scale.of(882_000).format(283_588)).isEqualTo("277 MiB");
        assertThat(Human.Scale.of(50_000).format(4_096)).isEqualTo("4.0 MiB");
        assertThat(Human.Scale.of(900).format(132)).isEqualTo("132 KiB");
        assertThat(Human.Scale.of(1_048_000).format(1_048_000)).isEqualTo("1023 MiB");
        assertThat(Human.Scale.of(1_048_100).format(1_048_100)).isEqualTo("1.00 GiB");
    }

    @Test
    void shouldFormatNumbersWithAtMostOneDecimal() {
        assertThat(Human.number(42)).isEqualTo("42");
        assertThat(Human.number(12.25)).isEqualTo("12.3");
        assertThat(Human.number(-3)).isEqualTo("-3");
    }

    @ParameterizedTest(name = "{0} before now = {1}")
    @CsvSource({
        "2026-11-30T10:00:00Z, 0s ago",
        "2026-11-30T09:59:48Z, 12s ago",
        "2026-11-30T09:59:00Z, 1m ago",
        "2026-11-30T09:00:01Z, 59m ago",
        "2026-11-30T09:00:00Z, 1h ago",
        "2026-11-28T10:00:01Z, 47h ago",
        "2026-11-28T10:00:00Z, 2d ago",
        "2026-11-30T10:00:03Z, in 3s",
    })
    void shouldSayHowLongAgo(String then, String expected) {
        assertThat(Human.ago(Instant.parse(then), Instant.parse("2026-11-30T10:00:00Z"))).isEqualTo(expected);
    }

    @Test
    void shouldAddAgoToIsoTimesAndLeaveOtherTextAlone() {
        Instant now = Instant.parse("2026-11-30T10:00:00Z");
        assertThat(Human.timeAndAgo("2026-11-30T09:59:48Z", now)).isEqualTo("2026-11-30T09:59:48Z (12s ago)");
        assertThat(Human.timeAndAgo("yesterday", now)).isEqualTo("yesterday");
        assertThat(Human.agoOrText("2026-11-30T07:00:00.123Z", now)).isEqualTo("2h ago");
    }
}
