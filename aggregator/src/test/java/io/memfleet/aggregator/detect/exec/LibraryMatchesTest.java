package io.memfleet.aggregator.detect.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class LibraryMatchesTest {

    private final LibraryMatches matches = new LibraryMatches(List.of(
            Pattern.compile(JitRuntime.HOTSPOT.library()), Pattern.compile(JitRuntime.V8.library())));

    @Test
    void shouldSetTheBitOfEveryPatternThePathMatches() {
        assertThat(matches.matches("/usr/lib/jvm/java-17-openjdk-amd64/lib/server/libjvm.so")).isEqualTo(0b01);
        assertThat(matches.matches("/usr/bin/node")).isEqualTo(0b10);
        assertThat(matches.matches("/usr/lib/x86_64-linux-gnu/libc.so.6")).isZero();
        // Remembered, and the same answer the second time.
        assertThat(matches.matches("/usr/bin/node")).isEqualTo(0b10);
    }

    @Test
    void shouldStayBoundedHoweverManyPathsComeBy() {
        for (int i = 0; i < 3 * LibraryMatches.MAX_PATHS; i++) {
            assertThat(matches.matches("/opt/app/plugins/lib" + i + ".so")).isZero();
            assertThat(matches.size()).isLessThanOrEqualTo(LibraryMatches.MAX_PATHS);
        }
        assertThat(matches.matches("/opt/node/bin/node")).isEqualTo(0b10);
    }
}
