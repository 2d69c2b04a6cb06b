package io.memfleet.aggregator.topology;

import io.memfleet.aggregator.codec.BinaryIn;
import io.memfleet.aggregator.codec.BinaryOut;
import io.memfleet.aggregator.codec.RecordBinary;
import com.fasterxml.jackson.annotation.JsonIgnore;
import io.memfleet.schema.ProcessSample;
import java.util.List;

/**
 * What the aggregator knows of one process (identity hostId, bootId, pid, startTime): when it was
 * first and last seen, when it exited, and its latest sample (without mappings, and with the
 * identity — exe, build id, cgroup, unit, container — of the last sample that carried one, since
 * only samples with a mapping list do). Its mapping list
 * lives in its own store ({@link MappingSet}): this state is rewritten on every sample and should
 * stay small. {@code haveMappings} says a full list has arrived; {@code mappingsOutOfSync} is set
 * when the maps digest changed but the full list has not arrived yet (a lost record); the
 * collector's periodic resync clears it.
 *
 * <p>Two things are kept here rather than in stores of their own, because every sample changes
 * them and one read and one write per sample cost less than three of each: the rollup bucket the
 * process's samples are filling now ({@code bucket}, null when none; written to the rollups store
 * when a later bucket begins, when the process exits or when its state is purged), and the states
 * of the detectors that keep theirs with the process.
 */
public record ProcessState(
        long firstSeen,
        long lastSeen,
        Long exitedAt,
        ProcessSample latest,
        boolean haveMappings,
        boolean mappingsOutOfSync,
        List<String> cmdline,
        Long memoryLimitKb,
        @JsonIgnore OpenBucket bucket,
        @JsonIgnore InlineDetectorStates detectorStates) {

    public ProcessState {
        detectorStates = detectorStates == null ? InlineDetectorStates.NONE : detectorStates;
    }

    /** A state without an open bucket or detector states. */
    public ProcessState(long firstSeen, long lastSeen, Long exitedAt, ProcessSample latest, boolean haveMappings,
                        boolean mappingsOutOfSync, List<String> cmdline, Long memoryLimitKb) {
        this(firstSeen, lastSeen, exitedAt, latest, haveMappings, mappingsOutOfSync, cmdline, memoryLimitKb, null,
                InlineDetectorStates.NONE);
    }

    /** A process's first sample, filed at its own time. */
    static ProcessState first(ProcessSample sample) {
        return first(sample, sample.sampledAt());
    }

    /** A process's first sample, filed at {@code at} ({@link RecordTime}). */
    static ProcessState first(ProcessSample sample, long at) {
        boolean haveList = sample.mappings() != null;
        return new ProcessState(at, at, null, sample.withoutMappings(),
                haveList, !haveList, sample.cmdline(), sample.memoryLimitKb());
    }

    /** With a later sample, filed at {@code at} ({@link RecordTime}). */
    ProcessState withSample(ProcessSample sample, long at) {
        boolean haveList = haveMappings;
        boolean outOfSync = mappingsOutOfSync;
        if (sample.mappings() != null) {
            haveList = true;
            outOfSync = false;
        } else if (!sample.mapsDigest().equals(latest.mapsDigest())) {
            outOfSync = true;
        }
        // The command line travels with the mapping list only; keep the last one seen.
        List<String> currentCmdline = sample.cmdline() != null ? sample.cmdline() : cmdline;
        // So does the memory limit; a list without one means the process has none (any more).
        Long currentLimit = sample.mappings() != null ? sample.memoryLimitKb() : memoryLimitKb;
        return new ProcessState(firstSeen, Math.max(lastSeen, at), null, withIdentityKept(sample),
                haveList, outOfSync, currentCmdline, currentLimit, bucket, detectorStates);
    }

    /**
     * The identity travels with the mapping list; a sample that carries one (a list, or a list that
     * was lost in parts: the sample still names it) replaces the kept identity, parts it lacks
     * included (an exe that became unreadable, a process that left its container).
     */
    private ProcessSample withIdentityKept(ProcessSample sample) {
        boolean carriesIdentity = sample.mappings() != null || sample.exe() != null || sample.cgroup() != null;
        return carriesIdentity ? sample.withoutMappings() : sample.withIdentity(latest.exe(), latest.buildId(), latest.cgroup(),
                latest.unit(), latest.containerId());
    }

    ProcessState withExit(long exitedAt) {
        return new ProcessState(firstSeen, lastSeen, exitedAt, latest, haveMappings, mappingsOutOfSync, cmdline,
                memoryLimitKb, bucket, detectorStates);
    }

    /** With {@code open} as the open bucket; null for none. */
    ProcessState withBucket(OpenBucket open) {
        return new ProcessState(firstSeen, lastSeen, exitedAt, latest, haveMappings, mappingsOutOfSync, cmdline,
                memoryLimitKb, open, detectorStates);
    }

    ProcessState withDetectorStates(InlineDetectorStates states) {
        return new ProcessState(firstSeen, lastSeen, exitedAt, latest, haveMappings, mappingsOutOfSync, cmdline,
                memoryLimitKb, bucket, states);
    }

    boolean live() {
        return exitedAt == null;
    }

    /** The format {@link #toBytes} writes and {@link #read} reads; a change of layout is a new one. */
    private static final int FORMAT = 3;

    /**
     * The store's binary form, rewritten on every sample of the process: ~150 bytes of its own, the
     * open bucket's ~100 and the inline detector states (the heap detector's: under 800).
     */
    byte[] toBytes() {
        BinaryOut out = new BinaryOut(256 + detectorStates.size()).writeInt(FORMAT).writeLong(firstSeen)
                .writeLong(lastSeen).writeNullableLong(exitedAt);
        RecordBinary.writeSample(out, latest);
        out.writeBoolean(haveMappings).writeBoolean(mappingsOutOfSync).writeList(cmdline, BinaryOut::writeString)
                .writeNullableLong(memoryLimitKb).writeBoolean(bucket != null);
        if (bucket != null) {
            bucket.rollup().write(out.writeLong(bucket.start()));
        }
        detectorStates.write(out);
        return out.toBytes();
    }

    static ProcessState read(BinaryIn in) {
        in.readVersion(FORMAT, "process state");
        long firstSeen = in.readLong();
        long lastSeen = in.readLong();
        Long exitedAt = in.readNullableLong();
        ProcessSample latest = RecordBinary.readSample(in);
        boolean haveMappings = in.readBoolean();
        boolean outOfSync = in.readBoolean();
        List<String> cmdline = in.readList(BinaryIn::readString);
        Long memoryLimitKb = in.readNullableLong();
        OpenBucket bucket = in.readBoolean() ? new OpenBucket(in.readLong(), Rollup.read(in)) : null;
        return new ProcessState(firstSeen, lastSeen, exitedAt, latest, haveMappings, outOfSync, cmdline, memoryLimitKb,
                bucket, InlineDetectorStates.read(in));
    }
}
