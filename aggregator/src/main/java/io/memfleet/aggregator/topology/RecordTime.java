package io.memfleet.aggregator.topology;

/**
 * When a record is filed, given the host's claim and a time the aggregator trusts (the broker's
 * {@code LogAppendTime}). A host's clock can be wrong, and the window stores expire segments
 * relative to the latest time ever put into them, per task: one sample dated years ahead would
 * expire every other host's history in that task. So no record is filed later than the trusted
 * time plus the tolerance. Records can legitimately be late (a spool drained after an outage), so
 * a claim in the past is kept while the history can still hold it.
 *
 * @param at     the time to file the record under
 * @param skewMs the claim minus the trusted time
 * @param verdict whether the claim was used
 */
record RecordTime(long at, long skewMs, Verdict verdict) {

    enum Verdict {
        /** Filed at the host's claim: at most the tolerance ahead, not older than the history. */
        IN_TIME,
        /** Claimed beyond the tolerance in the future: filed at the trusted time instead. */
        AHEAD,
        /** Claimed before the history's retention: counted, kept out of the history and the process's state. */
        TOO_OLD,
        /** The record claims no time (a part of a mapping list): filed at the trusted time, not counted. */
        UNDATED
    }

    /**
     * @param claimed     the record's own time ({@code sampledAt}, {@code exitedAt})
     * @param trusted     the broker's time of the record
     * @param streamTime  the task's stream time (the latest trusted time it has seen), which the
     *                    stores' retention counts from
     * @param toleranceMs {@code clock.skew.tolerance.ms}
     * @param retentionMs the raw history's retention
     */
    static RecordTime of(long claimed, long trusted, long streamTime, long toleranceMs, long retentionMs) {
        long skew = claimed - trusted;
        if (claimed > trusted + toleranceMs) {
            return new RecordTime(trusted, skew, Verdict.AHEAD);
        }
        // A store's own clock can be up to the tolerance ahead of the stream time: keep a margin.
        if (claimed <= Math.max(trusted, streamTime) - retentionMs + toleranceMs) {
            return new RecordTime(trusted, skew, Verdict.TOO_OLD);
        }
        return new RecordTime(claimed, skew, Verdict.IN_TIME);
    }

    /** A record that claims no time of its own, filed at {@code trusted}. */
    static RecordTime undated(long trusted) {
        return new RecordTime(trusted, 0, Verdict.UNDATED);
    }

    boolean outOfTime() {
        return verdict == Verdict.AHEAD || verdict == Verdict.TOO_OLD;
    }

    boolean undated() {
        return verdict == Verdict.UNDATED;
    }

    boolean stored() {
        return verdict != Verdict.TOO_OLD;
    }
}
