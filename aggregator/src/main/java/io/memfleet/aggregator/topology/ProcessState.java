package io.memfleet.aggregator.topology;

import io.memfleet.aggregator.codec.BinaryIn;
import io.memfleet.aggregator.codec.BinaryOut;
import io.memfleet.aggregator.codec.RecordBinary;
import io.memfleet.schema.ProcessSample;
import java.util.List;

/**
 * What the aggregator knows of one process (identity hostId, bootId, pid, startTime): when it was
 * first and last seen, when it exited, and its latest sample (without mappings). Its mapping list
 * lives in its own store ({@link MappingSet}): this state is rewritten on every sample and should
 * stay small. {@code haveMappings} says a full list has arrived; {@code mappingsOutOfSync} is set
 * when the maps digest changed but the full list has not arrived yet (a lost record); the
 * collector's periodic resync clears it.
 */
public record ProcessState(
        long firstSeen,
        long lastSeen,
        Long exitedAt,
        ProcessSample latest,
        boolean haveMappings,
        boolean mappingsOutOfSync,
        List<String> cmdline,
        Long memoryLimitKb) {

    static ProcessState first(ProcessSample sample) {
        boolean haveList = sample.mappings() != null;
        return new ProcessState(sample.sampledAt(), sample.sampledAt(), null, sample.withoutMappings(),
                haveList, !haveList, sample.cmdline(), sample.memoryLimitKb());
    }

    ProcessState withSample(ProcessSample sample) {
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
        return new ProcessState(firstSeen, Math.max(lastSeen, sample.sampledAt()), null, sample.withoutMappings(),
                haveList, outOfSync, currentCmdline, currentLimit);
    }

    ProcessState withExit(long exitedAt) {
        return new ProcessState(firstSeen, lastSeen, exitedAt, latest, haveMappings, mappingsOutOfSync, cmdline,
                memoryLimitKb);
    }

    boolean live() {
        return exitedAt == null;
    }

    private static final int FORMAT = 1;

    /** The store's binary form (~150 bytes; rewritten on every sample of the process). */
    byte[] toBytes() {
        BinaryOut out = new BinaryOut(192).writeInt(FORMAT).writeLong(firstSeen).writeLong(lastSeen)
                .writeNullableLong(exitedAt);
        RecordBinary.writeSample(out, latest);
        return out.writeBoolean(haveMappings).writeBoolean(mappingsOutOfSync)
                .writeList(cmdline, BinaryOut::writeString).writeNullableLong(memoryLimitKb).toBytes();
    }

    static ProcessState read(BinaryIn in) {
        in.readVersion(FORMAT, "process state");
        return new ProcessState(in.readLong(), in.readLong(), in.readNullableLong(), RecordBinary.readSample(in),
                in.readBoolean(), in.readBoolean(), in.readList(BinaryIn::readString), in.readNullableLong());
    }
}
