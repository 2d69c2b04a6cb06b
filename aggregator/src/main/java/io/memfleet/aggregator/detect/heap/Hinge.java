package io.memfleet.aggregator.detect.heap;

/**
 * Locates the onset of growth: the change point {@code c} of the least-squares hinge
 * {@code y = a + b·max(0, t − t[c])} (flat, then a straight rise) that fits the envelope best.
 * Least squares only locates the onset; whether there is growth after it is decided with robust
 * statistics. O(n²) for n points, with n at most the ring's length.
 */
final class Hinge {

    private Hinge() {
    }

    /**
     * The index in {@code [0, n − minTail]} where the best-fitting hinge bends; 0 when a straight line
     * fits best (growth all along) or when there are too few points.
     */
    static int onset(double[] t, double[] y, int n, int minTail) {
        if (n - minTail <= 0) {
            return 0;
        }
        double mean = 0;
        for (int i = 0; i < n; i++) {
            mean += y[i];
        }
        mean /= n;
        int best = 0;
        double bestSse = Double.POSITIVE_INFINITY;
        for (int c = 0; c <= n - minTail; c++) {
            double tc = t[c];
            double sx = 0;
            double sxx = 0;
            double sxy = 0;
            for (int i = c; i < n; i++) {
                double x = t[i] - tc;
                double dy = y[i] - mean;
                sx += x;
                sxx += x * x;
                sxy += x * dy;
            }
            double vx = sxx - sx * sx / n;
            if (vx <= 0) {
                continue;
            }
            double cxy = sxy; // sum(dy) is 0, so the covariance needs no correction
            double b = cxy / vx;
            if (b <= 0) {
                continue;
            }
            double explained = b * cxy;
            double sse = -explained; // total sum of squares is the same for every c
            if (sse < bestSse) {
                bestSse = sse;
                best = c;
            }
        }
        return best;
    }
}
