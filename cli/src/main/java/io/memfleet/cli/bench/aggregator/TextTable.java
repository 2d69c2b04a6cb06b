package io.memfleet.cli.bench.aggregator;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A plain-text table: a title, a header row and rows, columns padded to their widest cell; the
 * first column left-aligned, the others right-aligned (they hold numbers). Plus number formats.
 */
final class TextTable {

    private final String title;
    private final List<String[]> rows = new ArrayList<>();
    private final int columns;

    TextTable(String title, String... header) {
        this.title = title;
        this.columns = header.length;
        rows.add(header);
    }

    TextTable row(String... cells) {
        if (cells.length != columns) {
            throw new IllegalArgumentException("row has " + cells.length + " cells, the header " + columns);
        }
        rows.add(cells);
        return this;
    }

    String render() {
        int[] width = new int[columns];
        for (String[] row : rows) {
            for (int c = 0; c < columns; c++) {
                width[c] = Math.max(width[c], row[c].length());
            }
        }
        StringBuilder out = new StringBuilder(title).append('\n');
        for (int r = 0; r < rows.size(); r++) {
            String[] row = rows.get(r);
            StringBuilder line = new StringBuilder("  ");
            for (int c = 0; c < columns; c++) {
                if (c > 0) {
                    line.append("  ");
                }
                String pad = " ".repeat(width[c] - row[c].length());
                line.append(c == 0 ? row[c] + pad : pad + row[c]);
            }
            out.append(line.toString().stripTrailing()).append('\n');
            if (r == 0) {
                int total = 0;
                for (int w : width) {
                    total += w;
                }
                out.append("  ").append("-".repeat(total + 2 * (columns - 1))).append('\n');
            }
        }
        return out.toString();
    }

    /** {@code 12,345} */
    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** {@code 12,345/s}, rounded */
    static String rate(double perSecond) {
        return Double.isFinite(perSecond) ? String.format(Locale.ROOT, "%,.0f", perSecond) : "n/a";
    }

    /** Seconds with two decimals. */
    static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.2f", nanos / 1e9);
    }

    /** Milliseconds with one decimal. */
    static String millis(long nanos) {
        return String.format(Locale.ROOT, "%.1f", nanos / 1e6);
    }

    /** {@code 0.42x}, or {@code n/a} without a positive baseline. */
    static String ratio(double value, double baseline) {
        return baseline > 0 && Double.isFinite(value) ? String.format(Locale.ROOT, "%.2fx", value / baseline) : "n/a";
    }

    /** {@code 17.4 MiB}, {@code 3.2 GiB}, {@code 33.0 TiB} */
    static String bytes(double bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
        int unit = 0;
        while (bytes >= 1024 && unit < units.length - 1) {
            bytes /= 1024;
            unit++;
        }
        return unit == 0 ? String.format(Locale.ROOT, "%.0f B", bytes)
                : String.format(Locale.ROOT, "%.1f %s", bytes, units[unit]);
    }
}
