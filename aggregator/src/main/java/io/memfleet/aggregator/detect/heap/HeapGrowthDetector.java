package io.memfleet.aggregator.detect.heap;

import io.memfleet.aggregator.detect.Detector;
import io.memfleet.aggregator.detect.Finding;
import io.memfleet.aggregator.detect.Observation;
import io.memfleet.aggregator.detect.StateCodec;
import io.memfleet.schema.AnomalyStatus;
import io.memfleet.schema.AnomalyType;
import io.memfleet.schema.Mapping;
import io.memfleet.schema.MappingKind;
import io.memfleet.schema.Severity;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * HEAP_GROWTH: sustained growth of a process's anonymous memory (RssAnon + VmSwap).
 *
 * <p>Each sample lowers its bucket's minimum in a ring covering the trend window, so the detector
 * sees the floor of a GC or allocator sawtooth, not its teeth. When a bucket completes:
 * <ol>
 *   <li><b>Onset.</b> The best least-squares hinge (flat, then a straight rise) locates where growth
 *       began; only the segment after it is judged, with robust statistics.</li>
 *   <li><b>Trend.</b> Mann–Kendall finds an increasing trend at {@code significance}; the Theil–Sen
 *       slope × span reaches {@code minGrowthKb} and {@code minRelativeGrowth} of the start level.</li>
 *   <li><b>Shape.</b> Split in thirds: the last third still grows at {@code saturationRatio} of the
 *       faster earlier one (warm-up, caches, -Xmx are concave); each third's median exceeds the
 *       previous one's (one burst, a load spike, is not a trend); no third shrinks.</li>
 *   <li><b>Cross-check.</b> VmData grew along: anonymous memory cannot outgrow it.</li>
 *   <li><b>Duration.</b> The segment lasted {@code sustain}, unless at its slope the bound is
 *       exhausted within {@code earlyEtaRatio} × its length (fast growth cannot wait).</li>
 * </ol>
 * If the trend does not fire, the <b>day-over-day</b> test looks beneath a daily load cycle: the
 * minima of three consecutive days rise twice by similar amounts, and the tops of those days'
 * envelopes rise along (a cycle whose amplitude drifts moves them apart).
 *
 * <p>One FIRING per episode (the episode is the detection time); RESOLVED when the trailing
 * {@code resolveWindow} has shown no trend for {@code resolveAfter}, or on exit. Severity from the
 * projected time until the cgroup limit or else MemTotal is exhausted, counted from the top of the
 * latest sawtooth: CRITICAL under 6 h (nobody can wait for office hours), HIGH under 24 h (fix it
 * today), MEDIUM under 7 d (plan it this week), else LOW.
 *
 * <p>Pure: the state is an immutable record, the only clock the samples' times; samples not after
 * the last accepted one (late, duplicated) are skipped, kernel threads (no anonymous memory) ignored.
 * A state from other window or bucket settings is dropped and rebuilt.
 */
public final class HeapGrowthDetector implements Detector<HeapGrowthState> {

    private static final double MS_PER_HOUR = 3_600_000.0;

    private final HeapGrowthSettings settings;

    public HeapGrowthDetector() {
        this(HeapGrowthSettings.defaults());
    }

    public HeapGrowthDetector(HeapGrowthSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    public HeapGrowthSettings settings() {
        return settings;
    }

    @Override
    public HeapGrowthState initial() {
        return HeapGrowthState.empty(settings.buckets());
    }

    @Override
    public StateCodec<HeapGrowthState> stateCodec() {
        return HeapGrowthStateCodec.INSTANCE;
    }

    /** Every sample moves the envelope: the state travels with the process's own (under 800 bytes). */
    @Override
    public boolean stateWithProcess() {
        return true;
    }

    @Override
    public HeapGrowthState observe(HeapGrowthState state, Observation observation, List<Finding> findings) {
        Long anon = observation.anonKb();
        if (anon == null) {
            return state;
        }
        int n = settings.buckets();
        // A state from other settings (a changed window or bucket) cannot be reinterpreted: start over.
        HeapGrowthState s = state.anonMinKb().length == n ? state : HeapGrowthState.empty(n);
        long at = observation.at();
        if (s.samples() > 0 && at <= s.lastAt()) {
            return state;
        }
        long firstAt = s.samples() == 0 ? at : s.firstAt();
        Long vmData = observation.sample().vmDataKb();
        Long heapKb = heapKb(observation, s.lastHeapKb());
        long[] anonRing = s.anonMinKb();
        long[] vmRing = s.vmDataMinKb();
        long head = s.headBucket();
        long dayHead = s.dayHead();
        long[] dayMin = s.dayMinKb();
        long[] dayMax = s.dayMaxKb();
        long[] dayVm = s.dayVmDataMinKb();
        int[] dayBuckets = s.dayBuckets();
        long peak = s.peakKb();
        long previousPeak = s.previousPeakKb();
        // The first minutes of a process are its start-up: counted, not enveloped.
        if (at - firstAt >= settings.warmup().toMillis()) {
            long bucket = Math.floorDiv(at, settings.bucketMs());
            boolean copied = false;
            if (head >= 0 && bucket > head) {
                s = evaluate(s, observation, findings);
                previousPeak = bucket == head + 1 ? peak : 0;
                peak = 0;
                anonRing = anonRing.clone();
                vmRing = vmRing.clone();
                copied = true;
                for (long b = head + 1; b <= bucket && b <= head + n; b++) {
                    int slot = (int) Math.floorMod(b, (long) n);
                    anonRing[slot] = -1;
                    vmRing[slot] = -1;
                }
            }
            head = Math.max(head, bucket);
            peak = Math.max(peak, anon);
            int slot = (int) Math.floorMod(bucket, (long) n);
            boolean newBucket = anonRing[slot] < 0;
            boolean lowerAnon = anonRing[slot] < 0 || anon < anonRing[slot];
            long bucketMinBefore = anonRing[slot];
            boolean lowerVm = vmData != null && (vmRing[slot] < 0 || vmData < vmRing[slot]);
            if ((lowerAnon || lowerVm) && !copied) {
                anonRing = anonRing.clone();
                vmRing = vmRing.clone();
            }
            if (lowerAnon) {
                anonRing[slot] = anon;
            }
            if (lowerVm) {
                vmRing[slot] = vmData;
            }
            int season = settings.seasonBuckets();
            if (season > 0) {
                long day = Math.floorDiv(bucket, (long) season);
                int days = HeapGrowthState.DAYS;
                boolean newDay = day > dayHead;
                int d = (int) Math.floorMod(day, (long) days);
                boolean lowerDay = dayMin[d] < 0 || anon < dayMin[d];
                boolean lowerDayVm = vmData != null && (dayVm[d] < 0 || vmData < dayVm[d]);
                // The day's envelope top: the highest bucket minimum, kept up to date as minima fall.
                boolean topMoves = newBucket || (lowerAnon && dayMax[d] == bucketMinBefore);
                if (newDay || newBucket || lowerDay || lowerDayVm || topMoves) {
                    dayMin = dayMin.clone();
                    dayMax = dayMax.clone();
                    dayVm = dayVm.clone();
                    dayBuckets = dayBuckets.clone();
                    for (long k = Math.max(dayHead + 1, day - days + 1); newDay && k <= day; k++) {
                        int slotK = (int) Math.floorMod(k, (long) days);
                        dayMin[slotK] = -1;
                        dayMax[slotK] = -1;
                        dayVm[slotK] = -1;
                        dayBuckets[slotK] = 0;
                    }
                    dayHead = Math.max(dayHead, day);
                    if (dayMin[d] < 0 || anon < dayMin[d]) {
                        dayMin[d] = anon;
                    }
                    if (vmData != null && (dayVm[d] < 0 || vmData < dayVm[d])) {
                        dayVm[d] = vmData;
                    }
                    if (newBucket) {
                        dayBuckets[d]++;
                    }
                    if (newBucket ? anon > dayMax[d] : lowerAnon && dayMax[d] == bucketMinBefore) {
                        dayMax[d] = newBucket ? anon : dayTop(anonRing, bucket, season);
                    }
                }
            }
        }
        return new HeapGrowthState(firstAt, at, s.samples() + 1, head, anonRing, vmRing, anon, vmData, heapKb,
                observation.processName(), observation.pid(), s.episodeStart(), s.episodeSeverity(),
                s.episodeSlopeKbPerHour(), s.episodeDayOverDay(), s.quietSince(), dayHead, dayMin, dayMax, dayVm, dayBuckets, peak, previousPeak);
    }

    @Override
    public void exited(HeapGrowthState state, long exitedAt, List<Finding> findings) {
        if (!state.inEpisode()) {
            return;
        }
        Map<String, String> evidence = new LinkedHashMap<>();
        evidence.put("reason", "process exited");
        evidence.put("exitedAt", Instant.ofEpochMilli(exitedAt).toString());
        evidence.put("episodeSlopeKbPerHour", Format.decimal(state.episodeSlopeKbPerHour()));
        evidence.put("lastAnonKb", Long.toString(state.lastAnonKb()));
        String episode = Instant.ofEpochMilli(state.episodeStart()).toString();
        findings.add(new Finding(AnomalyType.HEAP_GROWTH, state.episodeSeverity(), AnomalyStatus.RESOLVED, episode,
                who(state.processName(), state.pid()) + " exited; its anonymous memory growth detected at "
                        + episode + " is over.",
                evidence));
    }

    /** Decisions over the completed buckets up to {@code s.headBucket()}, made at {@code observation.at()}. */
    private HeapGrowthState evaluate(HeapGrowthState s, Observation observation, List<Finding> findings) {
        Envelope env = Envelope.of(s, settings);
        if (env.size() == 0) {
            return s;
        }
        if (s.inEpisode()) {
            return checkResolved(s, env, observation, findings);
        }
        double peakKb = Math.max(s.peakKb(), s.previousPeakKb());
        Growth growth = decide(env, observation.boundKb(), peakKb);
        if (growth == null) {
            growth = dayOverDay(s, observation.boundKb(), peakKb);
        }
        if (growth != null) {
            Severity severity = severity(growth);
            findings.add(firing(growth, severity, s, observation));
            return s.withEpisode(observation.at(), severity, growth.slopeKbPerHour(), growth.dayOverDay(), null);
        }
        return s;
    }

    /**
     * The day-over-day test, for growth beneath a daily load cycle that the trend tests cannot see:
     * the minima of the last three complete days (each with at least {@code minBucketFill} of its
     * buckets) must rise twice in a row by the minimum growth each, the smaller rise at least
     * {@code saturationRatio} of the larger (steady growth; a cache that filled across a day boundary,
     * or a weekly step, rises once or unevenly), with VmData along.
     */
    private Growth dayOverDay(HeapGrowthState s, Long boundKb, double peakKb) {
        DayOverDay d = DayOverDay.of(s, settings);
        if (d == null) {
            return null;
        }
        double first = d.firstRiseKb();
        double second = d.secondRiseKb();
        double rise = Math.min(first, second);
        if (rise < settings.minGrowthKb() || rise < settings.minRelativeGrowth() * Math.max(d.firstDayMinKb(), 1)
                || rise < settings.saturationRatio() * Math.max(first, second)) {
            return null;
        }
        // The top of the daily envelope must rise along: a daily cycle whose amplitude drifts raises
        // its minimum while lowering its top; growth raises both.
        if (d.firstTopRiseKb() < settings.saturationRatio() * first || d.secondTopRiseKb() < settings.saturationRatio() * second) {
            return null;
        }
        double growth = first + second;
        if (settings.vmDataGrowthRatio() > 0 && d.vmDataGrowthKb() != null
                && d.vmDataGrowthKb() < settings.vmDataGrowthRatio() * growth) {
            return null;
        }
        double hours = 2 * settings.seasonPeriod().toMillis() / MS_PER_HOUR;
        double slope = growth / hours;
        double endLevel = d.firstDayMinKb() + growth;
        double etaHours = boundKb == null ? Double.NaN : Math.max(0, boundKb - Math.max(endLevel, peakKb)) / slope;
        return new Growth(slope, growth, d.firstDayMinKb(), endLevel, d.startMs(), d.endMs(), hours, 3,
                new Trend.MannKendall(3, Double.NaN, Double.NaN), d.firstDayMinKb(), endLevel,
                first / (hours / 2), second / (hours / 2), Double.NaN, boundKb, etaHours, endLevel / slope,
                d.vmDataGrowthKb(), true);
    }

    private Growth decide(Envelope env, Long boundKb, double peakKb) {
        int to = env.size();
        double[] t = env.hours();
        double[] y = env.anonKb();
        int minPoints = (int) Math.max(6, Math.ceil(settings.minBucketFill() * settings.minWindow().toMillis()
                / (double) settings.bucketMs()));
        if (to < minPoints) {
            return null;
        }
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < to; i++) {
            min = Math.min(min, y[i]);
            max = Math.max(max, y[i]);
        }
        if (max - min < settings.minGrowthKb()) {
            return null;
        }
        // Where did the growth start? The best flat-then-linear (hinge) fit locates the onset; the
        // robust statistics then judge only the segment after it.
        int from = Hinge.onset(t, y, to, 3);
        int points = to - from;
        double span = t[to - 1] - t[from];
        double segmentBuckets = span * MS_PER_HOUR / settings.bucketMs() + 1;
        if (points < minPoints || points < settings.minBucketFill() * segmentBuckets
                || span + settings.bucketMs() / MS_PER_HOUR < settings.minWindow().toMillis() / MS_PER_HOUR) {
            return null;
        }
        Trend.MannKendall mk = Trend.mannKendall(y, from, to);
        if (mk.p() > settings.significance()) {
            return null;
        }
        double[] scratch = Trend.scratchFor(points);
        double slope = Trend.theilSen(t, y, from, to, scratch);
        if (!(slope > 0)) {
            return null;
        }
        double growth = slope * span;
        for (int i = from; i < to; i++) {
            scratch[i - from] = y[i] - slope * (t[i] - t[from]);
        }
        double startLevel = Trend.median(scratch, points);
        if (growth < settings.minGrowthKb() || growth < settings.minRelativeGrowth() * Math.max(startLevel, 1)) {
            return null;
        }
        // Saturation: the last third of the segment must still grow at saturationRatio of the faster
        // of the two earlier thirds (a concave curve, or growth that has stopped, fails).
        int third = from;
        while (third < to && t[third] < t[from] + span / 3) {
            third++;
        }
        int twoThirds = third;
        while (twoThirds < to && t[twoThirds] < t[from] + 2 * span / 3) {
            twoThirds++;
        }
        if (third - from < 3 || twoThirds - third < 3 || to - twoThirds < 3) {
            return null;
        }
        double firstThird = Trend.theilSen(t, y, from, third, scratch);
        double middleThird = Trend.theilSen(t, y, third, twoThirds, scratch);
        double lastThird = Trend.theilSen(t, y, twoThirds, to, scratch);
        if (lastThird < settings.saturationRatio() * Math.max(firstThird, middleThird)) {
            return null;
        }
        // Spread: the level (median) of each third must exceed the previous third's by saturationRatio
        // of a third of the growth, so growth that all happened in one burst (a load spike, a step) is
        // not a trend.
        double firstLevel = median(y, from, third, scratch);
        double middleLevel = median(y, third, twoThirds, scratch);
        double lastLevel = median(y, twoThirds, to, scratch);
        double step = settings.saturationRatio() * growth / 3;
        if (middleLevel - firstLevel < step || lastLevel - middleLevel < step) {
            return null;
        }
        // Monotone: no third may shrink faster than saturationRatio × the segment's growth rate (a
        // load spike receding between two others is not a trend).
        if (Math.min(firstThird, Math.min(middleThird, lastThird)) < -settings.saturationRatio() * slope) {
            return null;
        }
        Double vmDataGrowth = env.vmDataGrowth(from, to);
        if (settings.vmDataGrowthRatio() > 0 && vmDataGrowth != null
                && vmDataGrowth < settings.vmDataGrowthRatio() * growth) {
            return null;
        }
        double endLevel = startLevel + growth;
        double hours = span + settings.bucketMs() / MS_PER_HOUR;
        // The top of a sawtooth reaches the bound first.
        double etaHours = boundKb == null ? Double.NaN : Math.max(0, boundKb - Math.max(endLevel, peakKb)) / slope;
        double doublingHours = endLevel / slope;
        if (hours < settings.sustain().toMillis() / MS_PER_HOUR) {
            // Without a bound, growth is urgent when it has tripled the memory over at least two minWindows.
            boolean urgent = boundKb != null ? etaHours <= settings.earlyEtaRatio() * hours
                    : growth >= 2 * Math.max(startLevel, 1) && hours >= 2 * settings.minWindow().toMillis() / MS_PER_HOUR;
            if (!urgent) {
                return null;
            }
        }
        return new Growth(slope, growth, startLevel, endLevel, env.startMs(from), env.endMs(to - 1), hours,
                points, mk, y[from], y[to - 1], firstThird, middleThird, lastThird, boundKb, etaHours, doublingHours, vmDataGrowth, false);
    }

    private HeapGrowthState checkResolved(HeapGrowthState s, Envelope env, Observation observation,
                                          List<Finding> findings) {
        int scale = (int) (settings.resolveWindow().toMillis() / settings.bucketMs());
        int from = env.firstIndexAfter(env.headBucket() - scale);
        int points = env.size() - from;
        double p;
        double z;
        double slope;
        if (s.episodeDayOverDay()) {
            // Day-over-day growth goes on while the last complete day's minimum rose by the minimum growth.
            DayOverDay d = DayOverDay.of(s, settings);
            if (d == null) {
                return s;
            }
            p = d.secondRiseKb() >= settings.minGrowthKb() ? 0 : 1;
            z = Double.NaN;
            slope = d.secondRiseKb() / (settings.seasonPeriod().toMillis() / MS_PER_HOUR);
        } else {
            if (points < Math.max(6, settings.minBucketFill() * scale)) {
                return s;
            }
            Trend.MannKendall mk = Trend.mannKendall(env.anonKb(), from, env.size());
            p = mk.p();
            z = mk.z();
            slope = Double.NaN;
        }
        long windowEnd = env.endMs(env.size() - 1);
        if (p <= settings.resolveSignificance()) {
            return s.quietSince() == null ? s : s.withQuietSince(null);
        }
        long quietSince = s.quietSince() == null ? windowEnd : s.quietSince();
        if (windowEnd - quietSince < settings.resolveAfter().toMillis()) {
            return s.quietSince() == null ? s.withQuietSince(quietSince) : s;
        }
        if (Double.isNaN(slope)) {
            slope = Trend.theilSen(env.hours(), env.anonKb(), from, env.size(), Trend.scratchFor(points));
        }
        String episode = Instant.ofEpochMilli(s.episodeStart()).toString();
        Map<String, String> evidence = new LinkedHashMap<>();
        evidence.put("reason", "growth stopped");
        evidence.put("method", s.episodeDayOverDay() ? "day-over-day" : "trend");
        evidence.put("windowStart", Instant.ofEpochMilli(windowEnd - settings.resolveWindow().toMillis()).toString());
        evidence.put("windowEnd", Instant.ofEpochMilli(windowEnd).toString());
        evidence.put("points", Integer.toString(points));
        evidence.put("slopeKbPerHour", Format.decimal(slope));
        if (!s.episodeDayOverDay()) {
            evidence.put("mannKendallZ", Format.decimal(z));
            evidence.put("mannKendallP", Format.probability(p));
        }
        evidence.put("quietSince", Instant.ofEpochMilli(quietSince).toString());
        evidence.put("episodeSlopeKbPerHour", Format.decimal(s.episodeSlopeKbPerHour()));
        evidence.put("anonKb", Long.toString(s.lastAnonKb()));
        findings.add(new Finding(AnomalyType.HEAP_GROWTH, s.episodeSeverity(), AnomalyStatus.RESOLVED, episode,
                who(observation.processName(), observation.pid()) + "'s anonymous memory has stopped growing (no "
                        + (s.episodeDayOverDay() ? "day-over-day growth" : "trend") + " over the last "
                        + Format.hours(settings.resolveWindow().toMillis() / MS_PER_HOUR) + "); the growth detected at "
                        + episode + " is over.",
                evidence));
        return s.withEpisode(null, null, 0, false, null);
    }

    private Severity severity(Growth g) {
        double hours = g.boundKb() != null ? g.etaHours() : g.doublingHours();
        if (g.boundKb() != null && hours < settings.criticalEta().toMillis() / MS_PER_HOUR) {
            return Severity.CRITICAL;
        }
        if (hours < settings.highEta().toMillis() / MS_PER_HOUR) {
            return Severity.HIGH;
        }
        if (hours < settings.mediumEta().toMillis() / MS_PER_HOUR) {
            return Severity.MEDIUM;
        }
        return Severity.LOW;
    }

    private Finding firing(Growth g, Severity severity, HeapGrowthState s, Observation o) {
        String bound;
        if (g.boundKb() == null) {
            bound = "unknown";
        } else if (o.memoryLimitKb() != null && o.memoryLimitKb().equals(g.boundKb())) {
            bound = "cgroup";
        } else {
            bound = "host";
        }
        StringBuilder summary = new StringBuilder(who(o.processName(), o.pid()))
                .append(" has grown its anonymous memory by ").append(Format.size(g.growthKb()))
                .append(" in ").append(Format.hours(g.windowHours()))
                .append(" (").append(Format.size(g.slopeKbPerHour())).append("/h); ");
        String boundText = Format.size(g.boundKb() == null ? 0 : g.boundKb())
                + (bound.equals("cgroup") ? " cgroup limit" : " of host memory");
        if (g.boundKb() == null) {
            summary.append("its memory limit is unknown, and at this rate it doubles in ")
                    .append(Format.hours(g.doublingHours())).append('.');
        } else if (g.etaHours() <= 0) {
            summary.append("it has reached its ").append(boundText).append('.');
        } else {
            summary.append("at this rate it exhausts its ").append(boundText).append(" in ")
                    .append(Format.hours(g.etaHours())).append('.');
        }
        Map<String, String> e = new LinkedHashMap<>();
        e.put("method", g.dayOverDay() ? "day-over-day" : "trend");
        e.put("slopeKbPerHour", Format.decimal(g.slopeKbPerHour()));
        e.put("growthKb", Long.toString(Math.round(g.growthKb())));
        e.put("windowStart", Instant.ofEpochMilli(g.windowStartMs()).toString());
        e.put("windowEnd", Instant.ofEpochMilli(g.windowEndMs()).toString());
        e.put("windowHours", Format.decimal(g.windowHours()));
        e.put("points", Integer.toString(g.points()));
        if (!g.dayOverDay()) {
            e.put("mannKendallS", Long.toString(g.mk().s()));
            e.put("mannKendallZ", Format.decimal(g.mk().z()));
            e.put("mannKendallP", Format.probability(g.mk().p()));
        }
        e.put("envelopeFirstKb", Long.toString(Math.round(g.envelopeFirstKb())));
        e.put("envelopeLastKb", Long.toString(Math.round(g.envelopeLastKb())));
        if (g.dayOverDay()) {
            e.put("firstDayRiseSlopeKbPerHour", Format.decimal(g.firstThirdSlope()));
            e.put("secondDayRiseSlopeKbPerHour", Format.decimal(g.middleThirdSlope()));
        } else {
            e.put("firstThirdSlopeKbPerHour", Format.decimal(g.firstThirdSlope()));
            e.put("middleThirdSlopeKbPerHour", Format.decimal(g.middleThirdSlope()));
            e.put("lastThirdSlopeKbPerHour", Format.decimal(g.lastThirdSlope()));
        }
        e.put("anonKb", Long.toString(s.lastAnonKb()));
        e.put("boundKb", g.boundKb() == null ? "unknown" : Long.toString(g.boundKb()));
        e.put("boundSource", bound);
        e.put("hoursToExhaustion", g.boundKb() == null ? "unknown" : Format.decimal(g.etaHours()));
        e.put("hoursToDouble", Format.decimal(g.doublingHours()));
        e.put("heapMappingKb", s.lastHeapKb() == null ? "unknown" : Long.toString(s.lastHeapKb()));
        e.put("vmDataKb", s.lastVmDataKb() == null ? "unknown" : Long.toString(s.lastVmDataKb()));
        e.put("vmDataGrowthKb", g.vmDataGrowthKb() == null ? "unknown" : Long.toString(Math.round(g.vmDataGrowthKb())));
        return new Finding(AnomalyType.HEAP_GROWTH, severity, AnomalyStatus.FIRING,
                Instant.ofEpochMilli(o.at()).toString(), summary.toString(), e);
    }

    private static double median(double[] y, int from, int to, double[] scratch) {
        System.arraycopy(y, from, scratch, 0, to - from);
        return Trend.median(scratch, to - from);
    }

    /** The highest bucket minimum of the day of {@code bucket} still in the ring. */
    private static long dayTop(long[] ring, long bucket, int season) {
        long first = Math.floorDiv(bucket, (long) season) * season;
        long top = -1;
        for (long b = Math.max(first, bucket - ring.length + 1); b <= bucket; b++) {
            top = Math.max(top, ring[(int) Math.floorMod(b, (long) ring.length)]);
        }
        return top;
    }

    private static String who(String name, int pid) {
        return (name == null || name.isEmpty() ? "process" : name) + " (pid " + pid + ")";
    }

    private static Long heapKb(Observation o, Long previous) {
        if (!o.mappingsKnown() || o.mappings().isEmpty()) {
            return previous;
        }
        long bytes = 0;
        boolean any = false;
        for (Mapping m : o.mappings()) {
            if (m.kind() == MappingKind.HEAP) {
                bytes += m.sizeBytes();
                any = true;
            }
        }
        return any ? bytes / 1024 : null;
    }

    /** What decided a growth episode. */
    record Growth(double slopeKbPerHour, double growthKb, double startLevelKb, double endLevelKb, long windowStartMs,
                  long windowEndMs, double windowHours, int points, Trend.MannKendall mk, double envelopeFirstKb,
                  double envelopeLastKb, double firstThirdSlope, double middleThirdSlope, double lastThirdSlope, Long boundKb, double etaHours,
                  double doublingHours, Double vmDataGrowthKb, boolean dayOverDay) {
    }
}
