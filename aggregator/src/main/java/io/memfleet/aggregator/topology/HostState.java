package io.memfleet.aggregator.topology;

import io.memfleet.aggregator.codec.BinaryIn;
import io.memfleet.aggregator.codec.BinaryOut;
import io.memfleet.aggregator.codec.StateFormatException;
import io.memfleet.schema.HostHeartbeat;
import io.memfleet.schema.SampleRecord;
import java.util.ArrayList;
import java.util.List;

/**
 * What the aggregator knows of one host. {@code samplesLost} counts gaps in the collector's
 * {@code seq} within one collector run, and the records missing before the first one seen of a
 * later run; a new run id is a restart, not loss, and is counted in {@code collectorRestarts}.
 * {@code duplicatesDropped} counts records delivered twice and folded once. {@code runId},
 * {@code lastSeq}, {@code gaps} and {@code pass} are those of the run of the host's latest record;
 * {@code runs} keeps the other runs still writing, each with its own seq, so two collectors under
 * one host id are seen as such rather than as constant restarts and loss ({@link CollectorRuns}).
 *
 * <p>{@code gaps} remembers the seq ranges of the current run that were skipped (at most
 * {@link #MAX_GAPS}, inclusive {@code from, to} pairs in order): a collector resending after a
 * broker restart can deliver a batch after later ones, so a "lost" record may still come. One
 * that fills a gap is folded into the history and taken off {@code samplesLost}, not dropped as
 * a duplicate.
 *
 * <p>{@code clockSkewMs} is the host's latest record's time minus the broker's time of it;
 * {@code samplesOutOfTime} counts its records filed at the broker's time or kept out of the history
 * because their own time could not be used ({@link RecordTime}); {@code clockSkewSince} is when the
 * open CLOCK_SKEW episode began, null when none is open.
 */
public record HostState(
        String hostId,
        String hostname,
        String bootId,
        String collectorVersion,
        long firstSeen,
        long lastSeen,
        String runId,
        long lastSeq,
        long samplesLost,
        long duplicatesDropped,
        int processCount,
        int processesUnreadable,
        long intervalMs,
        Long memTotalKb,
        long collectorRestarts,
        List<Long> gaps,
        long clockSkewMs,
        long samplesOutOfTime,
        Long clockSkewSince,
        RunPass pass,
        CollectorRuns runs,
        ProcessCounts counts) {

    /** Gap ranges remembered per host; older ones are forgotten (their records stay counted lost). */
    static final int MAX_GAPS = 32;

    public HostState {
        gaps = List.copyOf(gaps);
        pass = pass == null ? RunPass.NEW_RUN : pass;
        runs = runs == null ? CollectorRuns.first(bootId, firstSeen) : runs;
        counts = counts == null ? ProcessCounts.NONE : counts;
    }

    /** A state whose process counts are not kept yet. */
    public HostState(String hostId, String hostname, String bootId, String collectorVersion, long firstSeen,
                     long lastSeen, String runId, long lastSeq, long samplesLost, long duplicatesDropped,
                     int processCount, int processesUnreadable, long intervalMs, Long memTotalKb,
                     long collectorRestarts, List<Long> gaps, long clockSkewMs, long samplesOutOfTime,
                     Long clockSkewSince, RunPass pass, CollectorRuns runs) {
        this(hostId, hostname, bootId, collectorVersion, firstSeen, lastSeen, runId, lastSeq, samplesLost,
                duplicatesDropped, processCount, processesUnreadable, intervalMs, memTotalKb, collectorRestarts, gaps,
                clockSkewMs, samplesOutOfTime, clockSkewSince, pass, runs, null);
    }

    /**
     * What the aggregator holds of a host's processes — {@code live} and {@code exited} states —
     * and what its caps turned away: samples of new processes beyond {@code host.max.processes}
     * ({@code capped}), values cut to their {@link FieldCaps} ({@code truncated}), exited states
     * dropped before their retention because the host had too many ({@code evicted}), mapping list
     * parts refused at its cap of waiting parts ({@code partsRefused}).
     */
    public record ProcessCounts(long live, long exited, long capped, long truncated, long evicted,
                                long partsRefused) {
        static final ProcessCounts NONE = new ProcessCounts(0, 0, 0, 0, 0, 0);

        ProcessCounts plus(long liveDelta, long exitedDelta, long cappedDelta, long truncatedDelta, long evictedDelta) {
            return new ProcessCounts(live + liveDelta, exited + exitedDelta, capped + cappedDelta,
                    truncated + truncatedDelta, evicted + evictedDelta, partsRefused);
        }

        ProcessCounts withPartRefused() {
            return new ProcessCounts(live, exited, capped, truncated, evicted, partsRefused + 1);
        }
    }

    HostState withCounts(ProcessCounts newCounts) {
        return new HostState(hostId, hostname, bootId, collectorVersion, firstSeen, lastSeen, runId, lastSeq,
                samplesLost, duplicatesDropped, processCount, processesUnreadable, intervalMs, memTotalKb,
                collectorRestarts, gaps, clockSkewMs, samplesOutOfTime, clockSkewSince, pass, runs, newCounts);
    }

    /** A state of one collector run, whose runs are not tracked yet. */
    public HostState(String hostId, String hostname, String bootId, String collectorVersion, long firstSeen,
                     long lastSeen, String runId, long lastSeq, long samplesLost, long duplicatesDropped,
                     int processCount, int processesUnreadable, long intervalMs, Long memTotalKb,
                     long collectorRestarts, List<Long> gaps, long clockSkewMs, long samplesOutOfTime,
                     Long clockSkewSince, RunPass pass) {
        this(hostId, hostname, bootId, collectorVersion, firstSeen, lastSeen, runId, lastSeq, samplesLost,
                duplicatesDropped, processCount, processesUnreadable, intervalMs, memTotalKb, collectorRestarts, gaps,
                clockSkewMs, samplesOutOfTime, clockSkewSince, pass, null);
    }

    /** A state whose collector run has yet to complete a pass. */
    public HostState(String hostId, String hostname, String bootId, String collectorVersion, long firstSeen,
                     long lastSeen, String runId, long lastSeq, long samplesLost, long duplicatesDropped,
                     int processCount, int processesUnreadable, long intervalMs, Long memTotalKb,
                     long collectorRestarts, List<Long> gaps, long clockSkewMs, long samplesOutOfTime,
                     Long clockSkewSince) {
        this(hostId, hostname, bootId, collectorVersion, firstSeen, lastSeen, runId, lastSeq, samplesLost,
                duplicatesDropped, processCount, processesUnreadable, intervalMs, memTotalKb, collectorRestarts, gaps,
                clockSkewMs, samplesOutOfTime, clockSkewSince, RunPass.NEW_RUN, null);
    }

    /**
     * How far the current collector run's pass has come: the seq of the heartbeat that closed its
     * last pass, the records of this run folded since, and whether the run has still to show, by
     * one complete pass, which of the host's processes are gone ({@code docs/protocol.md}, "Gone
     * processes"): true from a run's first record until such a pass.
     */
    public record RunPass(long lastHeartbeatSeq, long records, boolean goneUnknown) {
        static final RunPass NEW_RUN = new RunPass(0, 0, true);
    }

    /** A host's first record. */
    static HostState first(SampleRecord record, String bootId, long now) {
        return new HostState(record.hostId(), "", "", "", now, now, record.runId(), record.seq() - 1, 0, 0, 0, 0, 0,
                null, 0, List.of(), 0, 0, null, new RunPass(record.seq() - 1, 0, true), CollectorRuns.first(bootId, now),
                ProcessCounts.NONE);
    }

    /**
     * True if {@code heartbeat}, already folded, closes a pass of the current run of which every
     * record arrived, in order, before it: then the processes the pass reported are all the
     * host's processes the collector could see.
     */
    boolean completesPass(HostHeartbeat heartbeat) {
        return heartbeat.runId().equals(runId) && pass.records() == heartbeat.seq() - pass.lastHeartbeatSeq();
    }

    /** After the check of {@link #completesPass}: the next pass starts; {@code goneKnown} once a complete pass said what is gone. */
    HostState withPassClosed(HostHeartbeat heartbeat, boolean goneKnown) {
        return new HostState(hostId, hostname, bootId, collectorVersion, firstSeen, lastSeen, runId, lastSeq,
                samplesLost, duplicatesDropped, processCount, processesUnreadable, intervalMs, memTotalKb,
                collectorRestarts, gaps, clockSkewMs, samplesOutOfTime, clockSkewSince,
                new RunPass(heartbeat.seq(), 0, pass.goneUnknown() && !goneKnown), runs, counts);
    }

    /**
     * Accounts for one more record of the current run, or of a new one ({@code bootId} is the boot
     * it reports): seq gaps, last seen. A parked run's record is {@link #resumed} first.
     */
    HostState withRecord(SampleRecord record, String bootId, long now) {
        long lost = samplesLost;
        long seq = lastSeq;
        long restarts = collectorRestarts;
        List<Long> missing = gaps;
        RunPass runPass;
        CollectorRuns collectors;
        if (record.runId().equals(runId)) {
            runPass = new RunPass(pass.lastHeartbeatSeq(), pass.records() + 1, pass.goneUnknown());
            long skipped = 0;
            if (record.seq() > lastSeq + 1) {
                skipped = record.seq() - lastSeq - 1;
                lost += skipped;
                missing = new ArrayList<>(gaps);
                missing.add(lastSeq + 1);
                missing.add(record.seq() - 1);
                while (missing.size() > 2 * MAX_GAPS) {
                    missing.subList(0, 2).clear();
                }
            }
            seq = Math.max(lastSeq, record.seq());
            collectors = runs.seen(now, skipped);
        } else {
            missing = List.of();
            // A new collector run numbers from 1 again; a run whose first record here is not seq 1
            // lost the ones before it (its spool dropped them at its cap, say). The run it follows
            // is parked, not forgotten: if it is still writing, this was no restart.
            restarts++;
            long lostBefore = Math.max(0, record.seq() - 1);
            lost += lostBefore;
            seq = record.seq();
            runPass = new RunPass(0, 1, true);
            collectors = runs.started(parked(), bootId, now, lostBefore);
        }
        return new HostState(hostId, hostname, bootId(), collectorVersion, firstSeen, Math.max(lastSeen, now),
                record.runId(), seq, lost, duplicatesDropped, processCount, processesUnreadable, intervalMs,
                memTotalKb, restarts, missing, clockSkewMs, samplesOutOfTime, clockSkewSince, runPass, collectors, counts);
    }

    /** The current run, as it is parked when another becomes current. */
    private CollectorRuns.Parked parked() {
        return new CollectorRuns.Parked(runId, runs.current(), lastSeq, gaps, pass);
    }

    /** With the parked runs that have not written for a few passes before {@code at} no longer counted as writing. */
    HostState withRunsQuietened(long at) {
        CollectorRuns active = runs.quietened(at - CollectorRuns.activeMs(intervalMs));
        return active == runs ? this : withRuns(active, collectorRestarts);
    }

    /**
     * With {@code record}'s run, parked until now, as the current one again, its seq where it had got
     * to; counts a restart less if it turns out the two runs write at once.
     */
    HostState resumed(SampleRecord record, long at) {
        CollectorRuns.Resumed resumed = runs.resumed(record.runId(), parked(), at);
        CollectorRuns.Parked back = resumed.back();
        return new HostState(hostId, hostname, bootId, collectorVersion, firstSeen, lastSeen, back.runId(),
                back.lastSeq(), samplesLost, duplicatesDropped, processCount, processesUnreadable, intervalMs,
                memTotalKb, collectorRestarts - (resumed.restartTakenBack() ? 1 : 0), back.gaps(), clockSkewMs,
                samplesOutOfTime, clockSkewSince, back.pass(), resumed.runs(), counts);
    }

    private HostState withRuns(CollectorRuns collectors, long restarts) {
        return new HostState(hostId, hostname, bootId, collectorVersion, firstSeen, lastSeen, runId, lastSeq,
                samplesLost, duplicatesDropped, processCount, processesUnreadable, intervalMs, memTotalKb, restarts,
                gaps, clockSkewMs, samplesOutOfTime, clockSkewSince, pass, collectors, counts);
    }

    /** Takes the host's facts from a heartbeat. */
    HostState withHeartbeat(HostHeartbeat heartbeat) {
        String host = FieldCaps.hostText(heartbeat.hostname());
        String boot = FieldCaps.hostText(heartbeat.bootId());
        return new HostState(hostId, host, boot, FieldCaps.hostText(heartbeat.collectorVersion()), firstSeen,
                lastSeen, runId, lastSeq, samplesLost, duplicatesDropped, heartbeat.processesSeen(),
                heartbeat.processesUnreadable(), heartbeat.intervalMs(),
                heartbeat.memTotalKb() != null ? heartbeat.memTotalKb() : memTotalKb, collectorRestarts, gaps,
                clockSkewMs, samplesOutOfTime, clockSkewSince, pass, runs.withHostname(host,
                boot), counts);
    }

    /**
     * True for a record of the current collector run whose seq was already seen: the collector's
     * spool delivers at least once, so after a crash or a partly failed batch a record can come twice.
     */
    boolean isDuplicate(SampleRecord record) {
        return record.runId().equals(runId) && record.seq() <= lastSeq && gapAt(record.seq()) < 0;
    }

    /** True for a record of the current run that was counted lost and has come after all. */
    boolean fillsGap(SampleRecord record) {
        return record.runId().equals(runId) && record.seq() <= lastSeq && gapAt(record.seq()) >= 0;
    }

    /** Takes a late record off the gaps and off {@code samplesLost}. */
    HostState withGapFilled(SampleRecord record) {
        int at = gapAt(record.seq());
        List<Long> missing = new ArrayList<>(gaps.subList(0, at));
        long from = gaps.get(at);
        long to = gaps.get(at + 1);
        if (from < record.seq()) {
            missing.add(from);
            missing.add(record.seq() - 1);
        }
        if (record.seq() < to) {
            missing.add(record.seq() + 1);
            missing.add(to);
        }
        missing.addAll(gaps.subList(at + 2, gaps.size()));
        while (missing.size() > 2 * MAX_GAPS) {
            missing.subList(0, 2).clear();
        }
        return new HostState(hostId, hostname, bootId, collectorVersion, firstSeen, lastSeen, runId, lastSeq,
                samplesLost - 1, duplicatesDropped, processCount, processesUnreadable, intervalMs, memTotalKb,
                collectorRestarts, missing, clockSkewMs, samplesOutOfTime, clockSkewSince, pass, runs, counts);
    }

    /** The index of the gap range holding {@code seq}, or -1. */
    private int gapAt(long seq) {
        for (int i = 0; i < gaps.size(); i += 2) {
            if (gaps.get(i) <= seq && seq <= gaps.get(i + 1)) {
                return i;
            }
        }
        return -1;
    }

    HostState withDuplicate() {
        return new HostState(hostId, hostname, bootId, collectorVersion, firstSeen, lastSeen, runId, lastSeq,
                samplesLost, duplicatesDropped + 1, processCount, processesUnreadable, intervalMs, memTotalKb,
                collectorRestarts, gaps, clockSkewMs, samplesOutOfTime, clockSkewSince, pass, runs, counts);
    }

    /**
     * With the skew of the host's latest record; counts it if it was out of time. {@code firing}
     * says whether a CLOCK_SKEW episode is open after it: since when ({@code at}) if it opens now.
     */
    HostState withClock(RecordTime time, boolean firing) {
        Long since = !firing ? null : clockSkewSince != null ? clockSkewSince : time.at();
        return new HostState(hostId, hostname, bootId, collectorVersion, firstSeen, lastSeen, runId, lastSeq,
                samplesLost, duplicatesDropped, processCount, processesUnreadable, intervalMs, memTotalKb,
                collectorRestarts, gaps, time.skewMs(), samplesOutOfTime + (time.outOfTime() ? 1 : 0), since, pass,
                runs, counts);
    }

    /** The format {@link #toBytes} writes and {@link #read} reads; a change of layout is a new one. */
    private static final int FORMAT = 7;

    /** The store's binary form: a format version, then every field in declaration order. */
    byte[] toBytes() {
        BinaryOut out = new BinaryOut(128).writeInt(FORMAT).writeString(hostId).writeString(hostname).writeString(bootId)
                .writeString(collectorVersion).writeLong(firstSeen).writeLong(lastSeen).writeString(runId)
                .writeLong(lastSeq).writeLong(samplesLost).writeLong(duplicatesDropped).writeInt(processCount)
                .writeInt(processesUnreadable).writeLong(intervalMs).writeNullableLong(memTotalKb).writeLong(collectorRestarts)
                .writeList(gaps, BinaryOut::writeLong).writeLong(clockSkewMs).writeLong(samplesOutOfTime)
                .writeNullableLong(clockSkewSince).writeLong(pass.lastHeartbeatSeq()).writeLong(pass.records())
                .writeBoolean(pass.goneUnknown());
        runs.write(out);
        out.writeLong(counts.live()).writeLong(counts.exited()).writeLong(counts.capped()).writeLong(counts.truncated())
                .writeLong(counts.evicted()).writeLong(counts.partsRefused());
        return out.toBytes();
    }

    static HostState read(BinaryIn in) {
        in.readVersion(FORMAT, "host state");
        return new HostState(in.readString(), in.readString(), in.readString(), in.readString(), in.readLong(),
                in.readLong(), in.readString(), in.readLong(), in.readLong(), in.readLong(), in.readInt(), in.readInt(),
                in.readLong(), in.readNullableLong(), in.readLong(), gapRanges(in.readList(BinaryIn::readLong)), in.readLong(),
                in.readLong(), in.readNullableLong(), new RunPass(in.readLong(), in.readLong(), in.readBoolean()),
                CollectorRuns.read(in), new ProcessCounts(in.readLong(), in.readLong(), in.readLong(), in.readLong(),
                in.readLong(), in.readLong()));
    }

    static List<Long> gapRanges(List<Long> gaps) {
        if (gaps == null || gaps.size() % 2 != 0) {
            throw new StateFormatException("host state with malformed seq gaps");
        }
        return gaps;
    }
}
