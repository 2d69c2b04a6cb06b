package io.memfleet.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class GeneratedBlocksTest {

    private static final String DOC = """
            # Title
            prose
            <!-- BEGIN GENERATED: a keys -->
            old
            <!-- END GENERATED: a keys -->
            more prose
            """;

    @Test
    void shouldReplaceOnlyTheTextBetweenTheMarkers() {
        String updated = GeneratedBlocks.replace(DOC, "a keys", "new 1\nnew 2");

        assertThat(updated).isEqualTo(DOC.replace("old\n", "new 1\nnew 2\n"));
        assertThat(GeneratedBlocks.read(updated, "a keys")).isEqualTo("new 1\nnew 2\n");
        assertThat(GeneratedBlocks.replace(updated, "a keys", "new 1\nnew 2")).isEqualTo(updated);
    }

    @Test
    void shouldNameAMissingBlock() {
        assertThatThrownBy(() -> GeneratedBlocks.read(DOC, "b keys")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("<!-- BEGIN GENERATED: b keys -->");
    }
}
