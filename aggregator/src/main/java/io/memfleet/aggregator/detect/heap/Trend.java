package io.memfleet.aggregator.detect.heap;

/**
 * The robust trend statistics the detector decides with: the Theil–Sen slope (median of pairwise
 * slopes, unmoved by up to 29% outliers) and the Mann–Kendall test for a monotonic trend (with the
 * tie correction). Pure arithmetic on arrays, no allocation beyond one scratch array.
 */
public final class Trend {

    private Trend() {
    }

    /** Mann–Kendall one-sided test for an increasing trend: the statistic S, its Z score and p-value. */
    public record MannKendall(long s, double z, double p) {
    }

    /** Mann–Kendall over {@code y[from..to)} (in time order). */
    public static MannKendall mannKendall(double[] y, int from, int to) {
        int n = to - from;
        long s = 0;
        for (int i = from; i < to - 1; i++) {
            double yi = y[i];
            for (int j = i + 1; j < to; j++) {
                double d = y[j] - yi;
                s += d > 0 ? 1 : d < 0 ? -1 : 0;
            }
        }
        double variance = n * (n - 1.0) * (2.0 * n + 5.0) / 18.0 - tieCorrection(y, from, to);
        if (n < 3 || variance <= 0) {
            return new MannKendall(s, 0, 0.5);
        }
        double sd = Math.sqrt(variance);
        double z = s > 0 ? (s - 1) / sd : s < 0 ? (s + 1) / sd : 0;
        return new MannKendall(s, z, upperTail(z));
    }

    private static double tieCorrection(double[] y, int from, int to) {
        double[] sorted = java.util.Arrays.copyOfRange(y, from, to);
        java.util.Arrays.sort(sorted);
        double correction = 0;
        int i = 0;
        while (i < sorted.length) {
            int j = i + 1;
            while (j < sorted.length && sorted[j] == sorted[i]) {
                j++;
            }
            int t = j - i;
            if (t > 1) {
                correction += t * (t - 1.0) * (2.0 * t + 5.0) / 18.0;
            }
            i = j;
        }
        return correction;
    }

    /** The Theil–Sen slope of {@code y} against {@code t} over {@code [from..to)}; NaN with fewer than two distinct times. */
    public static double theilSen(double[] t, double[] y, int from, int to, double[] scratch) {
        int m = 0;
        for (int i = from; i < to - 1; i++) {
            for (int j = i + 1; j < to; j++) {
                double dt = t[j] - t[i];
                if (dt > 0) {
                    scratch[m++] = (y[j] - y[i]) / dt;
                }
            }
        }
        return m == 0 ? Double.NaN : median(scratch, m);
    }

    /** The scratch array {@link #theilSen} needs for {@code n} points. */
    public static double[] scratchFor(int n) {
        return new double[Math.max(1, n * (n - 1) / 2)];
    }

    /** Median of {@code a[0..m)}, reordering it (quickselect). */
    public static double median(double[] a, int m) {
        int k = (m - 1) / 2;
        double lower = select(a, 0, m - 1, k);
        if (m % 2 == 1) {
            return lower;
        }
        double upper = Double.POSITIVE_INFINITY;
        for (int i = k + 1; i < m; i++) {
            upper = Math.min(upper, a[i]);
        }
        return (lower + upper) / 2;
    }

    private static double select(double[] a, int lo, int hi, int k) {
        while (lo < hi) {
            double pivot = medianOf3(a[lo], a[lo + (hi - lo) / 2], a[hi]);
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (a[i] < pivot) {
                    i++;
                }
                while (a[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    double tmp = a[i];
                    a[i] = a[j];
                    a[j] = tmp;
                    i++;
                    j--;
                }
            }
            if (k <= j) {
                hi = j;
            } else if (k >= i) {
                lo = i;
            } else {
                return a[k];
            }
        }
        return a[k];
    }

    private static double medianOf3(double a, double b, double c) {
        return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
    }

    /** P(Z > z) for a standard normal Z (Numerical Recipes' erfc, fractional error below 1.2e-7). */
    public static double upperTail(double z) {
        return 0.5 * erfc(z / Math.sqrt(2));
    }

    private static double erfc(double x) {
        double z = Math.abs(x);
        double t = 1.0 / (1.0 + 0.5 * z);
        double r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? r : 2.0 - r;
    }
}
