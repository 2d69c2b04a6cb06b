package io.memfleet.aggregator.detect.heap;

import java.util.Locale;

/** Numbers for summaries and evidence: sizes from kB, durations from hours, locale-independent. */
final class Format {

    private Format() {
    }

    /** 1.2 GiB, 205 MiB, 512 KiB. */
    static String size(double kb) {
        double abs = Math.abs(kb);
        if (abs >= 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f GiB", kb / (1024 * 1024));
        }
        if (abs >= 1024) {
            return String.format(Locale.ROOT, "%.0f MiB", kb / 1024);
        }
        return String.format(Locale.ROOT, "%.0f KiB", kb);
    }

    /** 45 min, 6 h, 13 h, 3.5 d. */
    static String hours(double h) {
        if (h < 1) {
            return String.format(Locale.ROOT, "%.0f min", Math.max(1, h * 60));
        }
        if (h < 48) {
            return String.format(Locale.ROOT, "%.0f h", h);
        }
        return String.format(Locale.ROOT, "%.1f d", h / 24);
    }

    static String decimal(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    static String probability(double p) {
        return String.format(Locale.ROOT, "%.3g", p);
    }
}
