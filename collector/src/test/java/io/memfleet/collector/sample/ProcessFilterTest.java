package io.memfleet.collector.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ProcessFilterTest {

    @Test
    void shouldAcceptEverythingByDefault() {
        assertThat(ProcessFilter.ALL.accepts("anything", 0)).isTrue();
    }

    @Test
    void shouldMatchWholeNames() {
        ProcessFilter filter = new ProcessFilter(List.of(Pattern.compile("java|postgres")), List.of(), Set.of(),
                Set.of());
        assertThat(filter.accepts("java", 1000)).isTrue();
        assertThat(filter.accepts("javac", 1000)).as("whole-name match, not a substring").isFalse();
        assertThat(filter.accepts("bash", 1000)).isFalse();
    }

    @Test
    void shouldLetExcludesWinOverIncludes() {
        ProcessFilter filter = new ProcessFilter(List.of(Pattern.compile(".*")), List.of(Pattern.compile("kworker/.*")),
                Set.of(), Set.of(0L));
        assertThat(filter.accepts("kworker/0:1", 1000)).isFalse();
        assertThat(filter.accepts("sshd", 0)).as("uid 0 excluded").isFalse();
        assertThat(filter.accepts("sshd", 1000)).isTrue();
    }

    @Test
    void shouldIncludeByUid() {
        ProcessFilter filter = new ProcessFilter(List.of(), List.of(), Set.of(1000L, 1001L), Set.of());
        assertThat(filter.accepts("x", 1001)).isTrue();
        assertThat(filter.accepts("x", 0)).isFalse();
    }
}
