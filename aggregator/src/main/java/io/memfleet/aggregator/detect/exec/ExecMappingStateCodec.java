package io.memfleet.aggregator.detect.exec;

import io.memfleet.aggregator.codec.BinaryIn;
import io.memfleet.aggregator.codec.BinaryOut;
import io.memfleet.aggregator.codec.StateFormatException;
import io.memfleet.aggregator.detect.StateCodec;
import io.memfleet.aggregator.detect.exec.ExecMappingState.Episode;
import io.memfleet.aggregator.detect.exec.ExecMappingState.Range;
import io.memfleet.schema.AnomalyType;
import io.memfleet.schema.Severity;

/** {@link ExecMappingState} in binary: a format version, then every field in declaration order. */
final class ExecMappingStateCodec implements StateCodec<ExecMappingState> {

    static final ExecMappingStateCodec INSTANCE = new ExecMappingStateCodec();

    private static final int FORMAT = 1;

    private ExecMappingStateCodec() {
    }

    @Override
    public byte[] encode(ExecMappingState s) {
        return new BinaryOut(64 + 48 * s.knownFiles().size()).writeInt(FORMAT).writeInt(s.pid())
                .writeString(s.processName()).writeBoolean(s.listSeen()).writeBoolean(s.learned())
                .writeList(s.knownFiles(), BinaryOut::writeString)
                .writeList(s.knownAnonymous(), ExecMappingStateCodec::writeRange)
                .writeList(s.codeCache(), ExecMappingStateCodec::writeRange)
                .writeList(s.open(), ExecMappingStateCodec::writeEpisode)
                .writeLong(s.notReported()).toBytes();
    }

    @Override
    public ExecMappingState decode(byte[] bytes) {
        BinaryIn in = new BinaryIn(bytes);
        in.readVersion(FORMAT, "exec mapping state");
        try {
            return new ExecMappingState(in.readInt(), in.readString(), in.readBoolean(), in.readBoolean(),
                    in.readList(BinaryIn::readString), in.readList(ExecMappingStateCodec::readRange),
                    in.readList(ExecMappingStateCodec::readRange), in.readList(ExecMappingStateCodec::readEpisode),
                    in.readLong());
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new StateFormatException("exec mapping state does not hold together: " + e.getMessage(), e);
        }
    }

    private static void writeRange(BinaryOut out, Range range) {
        out.writeLong(range.start()).writeLong(range.end());
    }

    private static Range readRange(BinaryIn in) {
        return new Range(in.readLong(), in.readLong());
    }

    private static void writeEpisode(BinaryOut out, Episode episode) {
        out.writeNullableEnum(episode.type()).writeNullableEnum(episode.severity()).writeString(episode.rule())
                .writeString(episode.episode()).writeLong(episode.start()).writeString(episode.path())
                .writeString(episode.line());
    }

    private static Episode readEpisode(BinaryIn in) {
        return new Episode(in.readNullableEnum(AnomalyType.class), in.readNullableEnum(Severity.class),
                in.readString(), in.readString(), in.readLong(), in.readString(), in.readString());
    }
}
