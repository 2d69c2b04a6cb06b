package io.memfleet.bench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A plain-text table: a title, a header row and rows, columns padded to their widest cell; the
 * first column left-aligned, the others right-aligned (they hold numbers). Plus the number
 * formats the bench prints.
 */
public final class Table {

    private final String title;
    private final List<String[]> rows = new ArrayList<>();
    private final int columns;

    public Table(String title, String... header) {
        this.title = title;
        this.columns = header.length;
        rows.add(header);
    }

    public Table row(String... cells) {
        if (cells.length != columns) {
            throw new IllegalArgumentException("row has " + cells.length + " cells, the header " + columns);
        }
        rows.add(cells);
        return this;
    }

    public String render() {
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
    public static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.3f", nanos / 1e9);
    }

    /** {@code 1.23x}, or {@code n/a} without a positive baseline. */
    public static String ratio(double value, double baseline) {
        return baseline > 0 && Double.isFinite(value) ? String.format(Locale.ROOT, "%.2fx", value / baseline) : "n/a";
    }

    /** {@code 1.23%}, or {@code n/a} without a positive whole. */
    public static String percent(double part, double whole) {
        return whole > 0 ? String.format(Locale.ROOT, "%.2f%%", 100 * part / whole) : "n/a";
    }

    /** {@code 12,345,678} */
    public static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** {@code 12,345}, a rate per second rounded, or {@code n/a}. */
    public static String rate(double perSecond) {
        return Double.isFinite(perSecond) ? String.format(Locale.ROOT, "%,.0f", perSecond) : "n/a";
    }

    /** Milliseconds with one decimal. */
    public static String millis(long nanos) {
        return String.format(Locale.ROOT, "%.1f", nanos / 1e6);
    }

    /** {@code 100 B}, {@code 17.4 MiB}, {@code 3.2 GiB}, {@code 33.0 TiB}. */
    public static String bytes(double bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
        int unit = 0;
        while (bytes >= 1024 && unit < units.length - 1) {
            bytes /= 1024;
            unit++;
        }
        return unit == 0 ? String.format(Locale.ROOT, "%.0f B", bytes)
                : String.format(Locale.ROOT, "%.1f %s", bytes, units[unit]);
    }

    /** {@code 17.4 MiB} */
    public static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }

    /** The median of some values (the mean of the middle two for an even count). */
    public static long median(List<Long> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("no values");
        }
        List<Long> sorted = values.stream().sorted().toList();
        int mid = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(mid) : (sorted.get(mid - 1) + sorted.get(mid)) / 2;
    }

    public static long mean(List<Long> values) {
        return Math.round(values.stream().mapToLong(Long::longValue).average().orElseThrow());
    }

    public static long min(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).min().orElseThrow();
    }
}
