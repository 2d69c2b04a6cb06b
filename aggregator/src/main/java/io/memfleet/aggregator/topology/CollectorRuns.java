package io.memfleet.aggregator.topology;

import io.memfleet.aggregator.codec.BinaryIn;
import io.memfleet.aggregator.codec.BinaryOut;
import io.memfleet.aggregator.codec.StateFormatException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The collector runs a host's records come from. The {@code current} run is the one of the host's
 * latest record (its {@code seq} is tracked in {@link HostState}); {@code parked} are the others
 * still heard from, each with where its own {@code seq} had got to, so records of two runs that
 * interleave are counted lost only by gaps in their own run's {@code seq}.
 *
 * <p>Two runs <em>write at once</em> when each has a record dated after the other's first one. A
 * restart never does: the old run stops before the new one starts, and records of the old run that
 * a spool drains later are dated before it. Two collectors under one host id (VMs cloned with one
 * {@code /etc/machine-id}) keep doing so: {@code duplicateSince} is when that was first seen, null
 * when at most one run writes. A parked run not heard from for {@link #ACTIVE_PASSES} passes has
 * stopped writing; it stays parked, so records a spool drains later still go on its own seq, but at
 * most {@link #MAX_RUNS} runs are kept (the least recently heard from go first), so a host that
 * invents a run id per record cannot grow its state.
 */
public record CollectorRuns(Run current, List<Parked> parked, Long duplicateSince) {

    /** Runs remembered per host, the current one included; the least recently heard from go first. */
    static final int MAX_RUNS = 8;
    /** Passes a run may stay silent and still count as writing. */
    static final int ACTIVE_PASSES = 3;
    /** The pass assumed before the host's first heartbeat says its interval. */
    static final long DEFAULT_INTERVAL_MS = 10_000;

    public CollectorRuns {
        parked = List.copyOf(parked);
    }

    /**
     * One collector run: the boot and host name it reported, the times of its first and latest
     * records, the records it lost, whether its start was counted as a restart, and whether it was
     * seen writing at once with another run.
     */
    public record Run(String bootId, String hostname, long firstSeen, long lastSeen, long lost, boolean restart,
                      boolean concurrent) {

        Run seen(long at, long newlyLost) {
            return new Run(bootId, hostname, firstSeen, Math.max(lastSeen, at), lost + newlyLost, restart, concurrent);
        }

        Run withHostname(String name, String boot) {
            return new Run(boot, name, firstSeen, lastSeen, lost, restart, concurrent);
        }

        Run concurrent(boolean stillRestart) {
            return new Run(bootId, hostname, firstSeen, lastSeen, lost, stillRestart, true);
        }

        Run alone() {
            return new Run(bootId, hostname, firstSeen, lastSeen, lost, restart, false);
        }

        /** True if each of the two has a record dated after the other's first. */
        boolean overlaps(Run other) {
            return lastSeen > other.firstSeen && other.lastSeen > firstSeen;
        }
    }

    /** A run other than the current one, with where its own seq had got to. */
    public record Parked(String runId, Run run, long lastSeq, List<Long> gaps, HostState.RunPass pass) {
        public Parked {
            gaps = List.copyOf(gaps);
        }
    }

    /** The runs of a host whose first record, of a run started on {@code bootId}, is dated {@code at}. */
    static CollectorRuns first(String bootId, long at) {
        return new CollectorRuns(new Run(bootId, "", at, at, 0, false, false), List.of(), null);
    }

    boolean knows(String runId) {
        return parkedAt(runId) >= 0;
    }

    /** True for a parked run seen writing at once with another: its processes are not gone because the current run lacks them. */
    boolean writesAlongside(String runId) {
        int at = parkedAt(runId);
        return at >= 0 && parked.get(at).run().concurrent();
    }

    /**
     * With the parked runs silent since before {@code cutoff} no longer counted as writing; the
     * episode ends when no two runs write at once any more. They stay parked (up to the cap): a
     * spool drained after a restart still delivers records of the old run, which then go on its seq.
     */
    CollectorRuns quietened(long cutoff) {
        if (duplicateSince == null) {
            return this;
        }
        List<Parked> kept = new ArrayList<>(parked.size());
        boolean stillTwo = false;
        for (Parked p : parked) {
            boolean writing = p.run().concurrent() && p.run().lastSeen() >= cutoff;
            stillTwo |= writing;
            kept.add(writing || !p.run().concurrent() ? p
                    : new Parked(p.runId(), p.run().alone(), p.lastSeq(), p.gaps(), p.pass()));
        }
        return stillTwo ? new CollectorRuns(current, kept, duplicateSince)
                : new CollectorRuns(current.alone(), kept, null);
    }

    /** The parked runs heard from within a few passes (of {@code intervalMs}) before {@code latest}, the latest first. */
    public List<Parked> heardFrom(long latest, long intervalMs) {
        long cutoff = latest - activeMs(intervalMs);
        return parked.stream().filter(p -> p.run().lastSeen() >= cutoff)
                .sorted(Comparator.comparingLong((Parked p) -> p.run().lastSeen()).reversed()).toList();
    }

    /** With the current run's record dated {@code at}; {@code newlyLost} records of it were skipped. */
    CollectorRuns seen(long at, long newlyLost) {
        return new CollectorRuns(current.seen(at, newlyLost), parked, duplicateSince);
    }

    CollectorRuns withHostname(String hostname, String bootId) {
        return new CollectorRuns(current.withHostname(hostname, bootId), parked, duplicateSince);
    }

    /** A new run, started on {@code bootId} and counted as a restart, becomes current; {@code left} is parked. */
    CollectorRuns started(Parked left, String bootId, long at, long lostBefore) {
        return new CollectorRuns(new Run(bootId, "", at, at, lostBefore, true, false), capped(left, -1), duplicateSince);
    }

    /**
     * {@code runId}, parked, becomes current with a record dated {@code at}; {@code left} is parked.
     * Whether the two write at once is decided here.
     */
    Resumed resumed(String runId, Parked left, long at) {
        int index = parkedAt(runId);
        Parked back = parked.get(index);
        Run resuming = back.run().seen(at, 0);
        Run leaving = left.run();
        if (!resuming.overlaps(leaving)) {
            return new Resumed(new CollectorRuns(resuming, capped(left, index), duplicateSince), back, false);
        }
        // The later of the two was counted as a restart when it appeared; it was not one.
        boolean resumingIsLater = resuming.firstSeen() > leaving.firstSeen();
        boolean uncount = resumingIsLater ? resuming.restart() : leaving.restart();
        Run nowCurrent = resuming.concurrent(resuming.restart() && !resumingIsLater);
        Parked nowParked = new Parked(left.runId(), leaving.concurrent(leaving.restart() && resumingIsLater),
                left.lastSeq(), left.gaps(), left.pass());
        CollectorRuns runs = new CollectorRuns(nowCurrent, capped(nowParked, index),
                duplicateSince != null ? duplicateSince : at);
        return new Resumed(runs, back, uncount);
    }

    /** The runs after a parked one resumed: where its seq had got to, and whether a restart counted for either is taken back. */
    record Resumed(CollectorRuns runs, Parked back, boolean restartTakenBack) {
    }

    /** {@code parked} without the one at {@code without} (none if -1), plus {@code added}, at most {@link #MAX_RUNS} - 1. */
    private List<Parked> capped(Parked added, int without) {
        List<Parked> kept = new ArrayList<>(parked.size() + 1);
        for (int i = 0; i < parked.size(); i++) {
            if (i != without) {
                kept.add(parked.get(i));
            }
        }
        kept.add(added);
        if (kept.size() > MAX_RUNS - 1) {
            kept.sort(Comparator.comparingLong((Parked p) -> p.run().lastSeen()).reversed());
            kept.subList(MAX_RUNS - 1, kept.size()).clear();
        }
        return kept;
    }

    private int parkedAt(String runId) {
        for (int i = 0; i < parked.size(); i++) {
            if (parked.get(i).runId().equals(runId)) {
                return i;
            }
        }
        return -1;
    }

    /** How long a run may stay silent and still count as writing, for a host whose pass is {@code intervalMs}. */
    static long activeMs(long intervalMs) {
        return ACTIVE_PASSES * (intervalMs > 0 ? intervalMs : DEFAULT_INTERVAL_MS);
    }

    void write(BinaryOut out) {
        writeRun(out, current);
        out.writeList(parked, (o, p) -> {
            o.writeString(p.runId());
            writeRun(o, p.run());
            o.writeLong(p.lastSeq()).writeList(p.gaps(), BinaryOut::writeLong).writeLong(p.pass().lastHeartbeatSeq())
                    .writeLong(p.pass().records()).writeBoolean(p.pass().goneUnknown());
        });
        out.writeNullableLong(duplicateSince);
    }

    static CollectorRuns read(BinaryIn in) {
        Run current = readRun(in);
        List<Parked> parked = in.readList(i -> new Parked(i.readString(), readRun(i), i.readLong(),
                HostState.gapRanges(i.readList(BinaryIn::readLong)),
                new HostState.RunPass(i.readLong(), i.readLong(), i.readBoolean())));
        if (parked == null) {
            throw new StateFormatException("host state without its list of collector runs");
        }
        return new CollectorRuns(current, parked, in.readNullableLong());
    }

    private static void writeRun(BinaryOut out, Run run) {
        out.writeString(run.bootId()).writeString(run.hostname()).writeLong(run.firstSeen()).writeLong(run.lastSeen())
                .writeLong(run.lost()).writeBoolean(run.restart()).writeBoolean(run.concurrent());
    }

    private static Run readRun(BinaryIn in) {
        return new Run(in.readString(), in.readString(), in.readLong(), in.readLong(), in.readLong(), in.readBoolean(),
                in.readBoolean());
    }
}
