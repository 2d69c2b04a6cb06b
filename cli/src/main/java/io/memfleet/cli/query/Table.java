package io.memfleet.cli.query;

import java.util.ArrayList;
import java.util.List;

/**
 * A plain-text table: columns padded to their widest cell and separated by two spaces, each column
 * left- or right-aligned, an optional header row, no trailing spaces. Cells are made printable
 * (control characters escaped), so every row is one line whatever a process or path is called.
 * Widths count code points, so wide (CJK) characters still misalign.
 */
final class Table {

    enum Align { LEFT, RIGHT }

    private final List<String> header = new ArrayList<>();
    private final List<Align> aligns = new ArrayList<>();
    private final List<String[]> rows = new ArrayList<>();
    private boolean showHeader = true;

    /** Adds a left-aligned column. */
    Table left(String title) {
        return column(title, Align.LEFT);
    }

    /** Adds a right-aligned column (numbers). */
    Table right(String title) {
        return column(title, Align.RIGHT);
    }

    Table column(String title, Align align) {
        if (!rows.isEmpty()) {
            throw new IllegalStateException("add columns before rows");
        }
        header.add(title);
        aligns.add(align);
        return this;
    }

    /** Renders rows only: for output that imitates a file such as {@code /proc/<pid>/maps}. */
    Table withoutHeader() {
        showHeader = false;
        return this;
    }

    Table row(String... cells) {
        if (cells.length != header.size()) {
            throw new IllegalArgumentException("row has " + cells.length + " cells, the table " + header.size() + " columns");
        }
        String[] printable = new String[cells.length];
        for (int i = 0; i < cells.length; i++) {
            printable[i] = printable(cells[i] == null ? "" : cells[i]);
        }
        rows.add(printable);
        return this;
    }

    int size() {
        return rows.size();
    }

    String render() {
        List<String[]> lines = new ArrayList<>();
        if (showHeader) {
            lines.add(header.toArray(new String[0]));
        }
        lines.addAll(rows);
        int[] width = new int[header.size()];
        for (String[] line : lines) {
            for (int c = 0; c < width.length; c++) {
                width[c] = Math.max(width[c], length(line[c]));
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] line : lines) {
            StringBuilder text = new StringBuilder();
            for (int c = 0; c < width.length; c++) {
                if (c > 0) {
                    text.append("  ");
                }
                String pad = " ".repeat(width[c] - length(line[c]));
                text.append(aligns.get(c) == Align.LEFT ? line[c] + pad : pad + line[c]);
            }
            out.append(text.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }

    private static int length(String text) {
        return text.codePointCount(0, text.length());
    }

    /** Escapes control characters ({@code \n}, {@code \t}, {@code \x1b}, ...) so text stays on one line. */
    static String printable(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (ch < 0x20 || ch == 0x7f || (ch >= 0x80 && ch < 0xa0)) {
                if (out == null) {
                    out = new StringBuilder(text.substring(0, i));
                }
                switch (ch) {
                    case '\n' -> out.append("\\n");
                    case '\t' -> out.append("\\t");
                    case '\r' -> out.append("\\r");
                    default -> out.append(String.format("\\x%02x", (int) ch));
                }
            } else if (out != null) {
                out.append(ch);
            }
        }
        return out == null ? text : out.toString();
    }
}
