package io.memfleet.cli.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A plain-text table: a title, a header row and rows, columns padded to their widest cell; the
 * first column left-aligned, the others right-aligned (they hold numbers). Plus the number
 * formats the bench prints.
 */
final class Table {

    private final String title;
    private final List<String[]> rows = new ArrayList<>();
    private final int columns;

    Table(String title, String... header) {
        this.title = title;
        this.columns = header.length;
        rows.add(header);
    }

    Table row(String... cells) {
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
                int total = 2;
                for (int w : width) {
                    total += w + 2;
                }
                out.append("  ").append("-".repeat(total - 4)).append('\n');
            }
        }
        return out.toString();
    }

    /** Seconds with three decimals: {@code 0.123}. */
    static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.3f", nanos / 1e9);
    }

    /** {@code 1.23x}, or {@code n/a} without a positive baseline. */
    static String ratio(double value, double baseline) {
        return baseline > 0 ? String.format(Locale.ROOT, "%.2fx", value / baseline) : "n/a";
    }

    /** {@code 1.23%}, or {@code n/a} without a positive whole. */
    static String percent(double part, double whole) {
        return whole > 0 ? String.format(Locale.ROOT, "%.2f%%", 100 * part / whole) : "n/a";
    }

    /** {@code 12,345,678} */
    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** {@code 17.4 MiB} */
    static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }

    /** The median of some values (the mean of the middle two for an even count). */
    static long median(List<Long> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("no values");
        }
        List<Long> sorted = values.stream().sorted().toList();
        int mid = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(mid) : (sorted.get(mid - 1) + sorted.get(mid)) / 2;
    }

    static long mean(List<Long> values) {
        return Math.round(values.stream().mapToLong(Long::longValue).average().orElseThrow());
    }

    static long min(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).min().orElseThrow();
    }
}
