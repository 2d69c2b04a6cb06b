package io.memfleet.collector.publish;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts what became of the records a full spool disk touched, and says so in one WARN line a
 * minute at most — never a line, let alone a stack trace, a record or a pass: a disk stays full for
 * hours, and the log must not fill it further. The counts go into the heartbeat's
 * {@code recordsDropped} and the {@code disk_full} metric, which count every record. Once a minute
 * has passed without a failed write, one INFO line says spooling is back.
 */
final class DiskFullReport {

    private static final Logger LOG = LoggerFactory.getLogger(DiskFullReport.class);
    static final long LOG_INTERVAL_MS = 60_000;

    private final Spool spool;
    private final LongSupplier clock;
    private final String key;
    /** Records the spool could not write and that were not sent either. */
    private final AtomicLong notWritten = new AtomicLong();
    /** Records sent straight to Kafka that it did not acknowledge: lost as well. */
    private final AtomicLong lostInFlight = new AtomicLong();
    private long sentDirect;
    private long evictedSeen;
    // What the next line reports: the counts when the last one was written.
    private long loggedNotWritten;
    private long loggedLostInFlight;
    private long loggedSentDirect;
    private long loggedEvicted;
    private long loggedAt;
    private long troubleSince;
    private long lastTroubleAt;

    /** @param key the setting that names the spool's directory, for the line ({@code spool.dir}) */
    DiskFullReport(Spool spool, LongSupplier clock, String key) {
        this.spool = spool;
        this.clock = clock;
        this.key = key;
    }

    /** A record sent straight to Kafka was not acknowledged. Any thread. */
    void lostInFlight() {
        lostInFlight.incrementAndGet();
    }

    /** Every record lost to a full spool disk: not written, evicted to make room, or sent and not acknowledged. */
    long dropped() {
        return notWritten.get() + lostInFlight.get() + spool.evictedForSpace();
    }

    /**
     * After each append, on the pass thread.
     *
     * @param spooled    whether the spool took the record
     * @param sentDirect if it did not, whether the record went straight to Kafka instead
     */
    synchronized void appended(boolean spooled, boolean sentDirect) {
        long evicted = spool.evictedForSpace();
        boolean trouble = !spooled || evicted != evictedSeen;
        if (spooled && !trouble && troubleSince == 0) {
            return; // the common case: nothing to count, nothing to say
        }
        long now = clock.getAsLong();
        evictedSeen = evicted;
        if (!spooled) {
            if (sentDirect) {
                this.sentDirect++;
            } else {
                notWritten.incrementAndGet();
            }
        }
        if (trouble) {
            if (troubleSince == 0) {
                troubleSince = now;
            }
            lastTroubleAt = now;
            if (loggedAt == 0 || now - loggedAt >= LOG_INTERVAL_MS) {
                warn(now);
            }
        } else if (now - lastTroubleAt >= LOG_INTERVAL_MS) {
            if (unlogged() > 0) {
                warn(now);
            }
            LOG.info("Spool {} takes records again (no failed write for {} s); {} records lost while its disk was "
                    + "full", spool.dir(), (now - lastTroubleAt) / 1000, dropped());
            troubleSince = 0;
        }
    }

    private long unlogged() {
        return notWritten.get() - loggedNotWritten + lostInFlight.get() - loggedLostInFlight + evictedSeen
                - loggedEvicted + sentDirect - loggedSentDirect;
    }

    private void warn(long now) {
        long notWrittenNow = notWritten.get();
        long lostNow = lostInFlight.get();
        long notWrittenDelta = notWrittenNow - loggedNotWritten;
        long evictedDelta = evictedSeen - loggedEvicted;
        long lostDelta = lostNow - loggedLostInFlight;
        Exception cause = spool.lastWriteFailure();
        LOG.warn("Spool disk full ({}): {} records dropped in the last {} s ({} not written, {} oldest spooled "
                        + "dropped to make room, {} sent straight to Kafka and not acknowledged), {} sent straight to "
                        + "Kafka instead; {} dropped since start; last error: {}. Free space there or point {} at a "
                        + "larger file system; spooling resumes by itself (this line comes at most once a minute; "
                        + "the heartbeat's recordsDropped counts every record)", spool.dir(),
                notWrittenDelta + evictedDelta + lostDelta, Math.max(1, (now - (loggedAt == 0 ? troubleSince
                        : loggedAt)) / 1000), notWrittenDelta, evictedDelta, lostDelta, sentDirect - loggedSentDirect,
                dropped(), cause == null ? "none" : cause.toString(), key);
        loggedAt = now;
        loggedNotWritten = notWrittenNow;
        loggedLostInFlight = lostNow;
        loggedEvicted = evictedSeen;
        loggedSentDirect = sentDirect;
    }
}
