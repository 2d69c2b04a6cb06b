package io.memfleet.cli.query;

import java.util.ArrayList;
import java.util.List;

/**
 * A one-line chart of a series: {@code ▁▂▄▆█}, lowest value to highest, a space for a missing
 * value. A series longer than the width is shrunk by averaging neighbours; a flat series is drawn
 * at mid height. {@code _.-=+*#@} where the terminal cannot show block characters.
 */
final class Sparkline {

    private static final String BLOCKS = "▁▂▃▄▅▆▇█";
    private static final String ASCII = "_.-=+*#@";

    private Sparkline() {
    }

    /**
     * @param values the series; null for a missing point
     * @param width  at most this many characters
     */
    static String render(List<Double> values, int width, boolean unicode) {
        String levels = unicode ? BLOCKS : ASCII;
        List<Double> series = shrink(values, width);
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (Double v : series) {
            if (v != null) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        StringBuilder out = new StringBuilder();
        for (Double v : series) {
            if (v == null) {
                out.append(' ');
            } else if (max == min) {
                out.append(levels.charAt(levels.length() / 2 - 1));
            } else {
                int level = (int) Math.round((v - min) / (max - min) * (levels.length() - 1));
                out.append(levels.charAt(level));
            }
        }
        return out.toString();
    }

    /** Averages consecutive values into at most width buckets; a bucket of missing values stays missing. */
    static List<Double> shrink(List<Double> values, int width) {
        if (width <= 0) {
            throw new IllegalArgumentException("width must be positive, not " + width);
        }
        if (values.size() <= width) {
            return values;
        }
        List<Double> out = new ArrayList<>(width);
        for (int b = 0; b < width; b++) {
            int from = (int) ((long) b * values.size() / width);
            int to = (int) ((long) (b + 1) * values.size() / width);
            double sum = 0;
            int n = 0;
            for (int i = from; i < to; i++) {
                Double v = values.get(i);
                if (v != null) {
                    sum += v;
                    n++;
                }
            }
            out.add(n == 0 ? null : sum / n);
        }
        return out;
    }
}
