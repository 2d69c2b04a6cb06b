package io.memfleet.aggregator.detect.heap;

/**
 * The minima of the last three complete days (days are {@code seasonPeriod} long, counted from the
 * epoch): a daily load cycle has the same minimum every day, growth beneath it raises it every day.
 *
 * @param firstDayMinKb  the minimum of the earliest of the three days
 * @param firstRiseKb    the second day's minimum minus the first's
 * @param secondRiseKb   the third day's minimum minus the second's
 * @param firstTopRiseKb  the rise of the days' envelope tops (highest bucket minimum), first to second day
 * @param secondTopRiseKb the same, second to third day
 * @param vmDataGrowthKb VmData's daily minimum over the same two days, null when unknown
 * @param startMs        start of the first day
 * @param endMs          end of the third day
 */
record DayOverDay(double firstDayMinKb, double firstRiseKb, double secondRiseKb, double firstTopRiseKb,
                  double secondTopRiseKb, Double vmDataGrowthKb, long startMs, long endMs) {

    /** Null when the day-over-day test is off or the last three complete days are not all well covered. */
    static DayOverDay of(HeapGrowthState s, HeapGrowthSettings settings) {
        int season = settings.seasonBuckets();
        if (season == 0 || s.dayHead() < 3) {
            return null;
        }
        int days = HeapGrowthState.DAYS;
        long[] min = new long[3];
        long[] vm = new long[3];
        long[] top = new long[3];
        for (int k = 0; k < 3; k++) {
            long day = s.dayHead() - 3 + k;
            int slot = (int) Math.floorMod(day, (long) days);
            if (s.dayMinKb()[slot] < 0 || s.dayBuckets()[slot] < settings.minBucketFill() * season) {
                return null;
            }
            min[k] = s.dayMinKb()[slot];
            vm[k] = s.dayVmDataMinKb()[slot];
            top[k] = s.dayMaxKb()[slot];
        }
        Double vmGrowth = vm[0] >= 0 && vm[2] >= 0 ? (double) (vm[2] - vm[0]) : null;
        long dayMs = settings.seasonPeriod().toMillis();
        return new DayOverDay(min[0], min[1] - min[0], min[2] - min[1], top[1] - top[0], top[2] - top[1], vmGrowth, (s.dayHead() - 3) * dayMs,
                s.dayHead() * dayMs);
    }
}
