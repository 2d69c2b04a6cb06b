package io.memfleet.cli.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TableTest {

    @Test
    void shouldPadColumnsAlignNumbersRightAndLeaveNoTrailingSpaces() {
        String text = new Table().right("PID").left("NAME").right("RSS").left("SINCE")
                .row("1", "systemd", "12 MiB", "3h ago")
                .row("4242", "java", "1.2 GiB", "")
                .render();

        assertThat(text).isEqualTo("""
                 PID  NAME         RSS  SINCE
                   1  systemd   12 MiB  3h ago
                4242  java     1.2 GiB
                """);
    }

    @Test
    void shouldRenderRowsOnlyWithoutHeader() {
        String text = new Table().left("A").left("B").withoutHeader().row("x", "y").render();

        assertThat(text).isEqualTo("x  y\n");
    }

    @Test
    void shouldKeepEveryRowOnOneLineWhateverTheCellHolds() {
        String text = new Table().left("NAME").left("X").row("evil\nname\t\u001b[31m", "1").render();

        assertThat(text).isEqualTo("""
                NAME                  X
                evil\\nname\\t\\x1b[31m  1
                """);
        assertThat(text.lines()).hasSize(2);
    }

    @Test
    void shouldCountCodePointsNotCharsForWidth() {
        String text = new Table().left("N").left("X").row("\uD83D\uDE00", "1").row("ab", "2").render();

        assertThat(text).isEqualTo("N   X\n\uD83D\uDE00   1\nab  2\n");
    }

    @Test
    void shouldPrintNullCellsAsEmpty() {
        assertThat(new Table().left("A").right("B").row(null, "1").render()).isEqualTo("A  B\n   1\n");
    }

    @Test
    void shouldRejectRowWithWrongNumberOfCells() {
        assertThatThrownBy(() -> new Table().left("A").row("1", "2"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("row has 2 cells, the table 1 columns");
    }
}
