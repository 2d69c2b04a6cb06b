package io.memfleet.aggregator.codec;

import io.memfleet.schema.Mapping;
import io.memfleet.schema.MappingKind;
import io.memfleet.schema.ProcessSample;

/**
 * The record types that state values embed — a process's latest sample (without its mapping
 * list) and mappings — in {@link BinaryOut}'s primitives. The callers' values carry the version.
 */
public final class RecordBinary {

    private RecordBinary() {
    }

    public static void writeMapping(BinaryOut out, Mapping mapping) {
        out.writeLong(mapping.start()).writeLong(mapping.end()).writeString(mapping.perms())
                .writeLong(mapping.offset()).writeString(mapping.dev()).writeLong(mapping.inode())
                .writeString(mapping.path()).writeString(mapping.kind().name());
    }

    public static Mapping readMapping(BinaryIn in) {
        long start = in.readLong();
        long end = in.readLong();
        String perms = in.readString();
        long offset = in.readLong();
        String dev = in.readString();
        long inode = in.readLong();
        String path = in.readString();
        String kind = in.readString();
        try {
            return new Mapping(start, end, perms, offset, dev, inode, path, MappingKind.valueOf(kind));
        } catch (IllegalArgumentException e) {
            throw new StateFormatException("unknown mapping kind '" + kind + "' in a state value", e);
        }
    }

    /** The sample without its mapping list (state keeps lists apart). */
    public static void writeSample(BinaryOut out, ProcessSample s) {
        out.writeString(s.runId()).writeLong(s.seq()).writeString(s.hostId()).writeString(s.bootId())
                .writeInt(s.pid()).writeLong(s.startTime()).writeInt(s.ppid()).writeString(s.name())
                .writeLong(s.uid()).writeString(s.state()).writeInt(s.threads()).writeLong(s.sampledAt())
                .writeNullableLong(s.vmPeakKb()).writeNullableLong(s.vmSizeKb()).writeNullableLong(s.vmLckKb())
                .writeNullableLong(s.vmPinKb()).writeNullableLong(s.vmHwmKb()).writeNullableLong(s.vmRssKb())
                .writeNullableLong(s.rssAnonKb()).writeNullableLong(s.rssFileKb()).writeNullableLong(s.rssShmemKb())
                .writeNullableLong(s.vmDataKb()).writeNullableLong(s.vmStkKb()).writeNullableLong(s.vmExeKb())
                .writeNullableLong(s.vmLibKb()).writeNullableLong(s.vmPteKb()).writeNullableLong(s.vmSwapKb())
                .writeInt(s.mapCount()).writeString(s.mapsDigest())
                .writeList(s.cmdline(), BinaryOut::writeString).writeNullableLong(s.memoryLimitKb())
                .writeNullableString(s.exe()).writeNullableString(s.buildId()).writeNullableString(s.cgroup())
                .writeNullableString(s.unit()).writeNullableString(s.containerId());
    }

    public static ProcessSample readSample(BinaryIn in) {
        // Arguments are evaluated left to right (JLS 15.7.4): the reads follow the write order.
        return new ProcessSample(in.readString(), in.readLong(), in.readString(), in.readString(), in.readInt(),
                in.readLong(), in.readInt(), in.readString(), in.readLong(), in.readString(), in.readInt(),
                in.readLong(), in.readNullableLong(), in.readNullableLong(), in.readNullableLong(),
                in.readNullableLong(), in.readNullableLong(), in.readNullableLong(), in.readNullableLong(),
                in.readNullableLong(), in.readNullableLong(), in.readNullableLong(), in.readNullableLong(),
                in.readNullableLong(), in.readNullableLong(), in.readNullableLong(), in.readNullableLong(),
                in.readInt(), in.readString(), null, in.readList(BinaryIn::readString), in.readNullableLong(),
                in.readNullableString(), in.readNullableString(), in.readNullableString(), in.readNullableString(),
                in.readNullableString());
    }
}
