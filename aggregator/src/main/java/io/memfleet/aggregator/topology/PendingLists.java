package io.memfleet.aggregator.topology;

import io.memfleet.aggregator.codec.BinaryIn;
import io.memfleet.aggregator.codec.BinaryOut;
import io.memfleet.aggregator.codec.RecordBinary;
import io.memfleet.schema.Mapping;
import io.memfleet.schema.MappingsPart;
import io.memfleet.schema.ProcessSample;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Mapping lists on their way in parts ({@link MappingsPart}), one per process, until the sample
 * they belong to takes them. A list is one collector run's list of one digest split one way:
 * {@code (runId, mapsDigest, parts)}. The collector numbers a list's parts right before its
 * sample, so a part of another list for the same process means the pending one will never be
 * whole: it is dropped and counted. A sample takes the list only when every part arrived and the
 * slices add up to the sample's {@code mapCount}; otherwise the list is dropped and counted, and
 * the sample goes on without a list (its process is then out of sync until the next full list).
 *
 * <p>Each part is an entry of its own (process key, separator, part index), as is the header
 * (process key): no entry is bigger than the record that brought it, so none outgrows the
 * changelog topic's limit.
 */
final class PendingLists {

    private static final int FORMAT = 1;
    private static final int PART_DIGITS = 6;

    private final Function<String, byte[]> get;
    private final BiConsumer<String, byte[]> put;
    private final Consumer<String> delete;

    /** What a sample found: the whole list, or null; and whether a list was given up as incomplete. */
    record Taken(List<Mapping> mappings, boolean incomplete) {
        static final Taken NOTHING = new Taken(null, false);
    }

    PendingLists(Function<String, byte[]> get, BiConsumer<String, byte[]> put, Consumer<String> delete) {
        this.get = get;
        this.put = put;
        this.delete = delete;
    }

    /** Keeps a part; true if it displaced an incomplete list of the same process. */
    boolean add(String processKey, MappingsPart part) {
        Header header = header(processKey);
        boolean displaced = false;
        if (header != null && !header.holds(part.runId(), part.mapsDigest(), part.parts())) {
            drop(processKey, header);
            header = null;
            displaced = true;
        }
        if (header == null) {
            header = new Header(part.runId(), part.mapsDigest(), part.parts(), part.mapCount(), 0);
        }
        String key = partKey(processKey, part.part());
        if (get.apply(key) != null) {
            return displaced; // delivered twice: the first copy is the same slice
        }
        BinaryOut out = new BinaryOut(64 * part.mappings().size() + 8).writeInt(FORMAT);
        put.accept(key, out.writeList(part.mappings(), RecordBinary::writeMapping).toBytes());
        put.accept(processKey, header.withOneMore().toBytes());
        return displaced;
    }

    /** The list pending for the sample's process, if it is the sample's and whole; drops what is pending either way. */
    Taken take(String processKey, ProcessSample sample) {
        Header header = header(processKey);
        if (header == null) {
            return Taken.NOTHING;
        }
        boolean whole = header.holds(sample.runId(), sample.mapsDigest(), header.parts)
                && header.received == header.parts && header.mapCount == sample.mapCount();
        List<Mapping> mappings = null;
        if (whole) {
            mappings = new ArrayList<>(header.mapCount);
            for (int i = 0; i < header.parts; i++) {
                BinaryIn in = new BinaryIn(get.apply(partKey(processKey, i)));
                in.readVersion(FORMAT, "mapping list part");
                mappings.addAll(in.readList(RecordBinary::readMapping));
            }
            if (mappings.size() != sample.mapCount()) {
                mappings = null;
            }
        }
        drop(processKey, header);
        return new Taken(mappings, mappings == null);
    }

    /** Forgets the process's pending list, if any (it exited or was purged); true if there was one. */
    boolean forget(String processKey) {
        Header header = header(processKey);
        if (header != null) {
            drop(processKey, header);
        }
        return header != null;
    }

    private void drop(String processKey, Header header) {
        for (int i = 0; i < header.parts; i++) {
            delete.accept(partKey(processKey, i));
        }
        delete.accept(processKey);
    }

    private Header header(String processKey) {
        byte[] bytes = get.apply(processKey);
        if (bytes == null) {
            return null;
        }
        BinaryIn in = new BinaryIn(bytes);
        in.readVersion(FORMAT, "pending mapping list");
        return new Header(in.readString(), in.readString(), in.readInt(), in.readInt(), in.readInt());
    }

    static String partKey(String processKey, int part) {
        StringBuilder key = new StringBuilder(processKey).append(ProcessKey.SEPARATOR);
        String index = Integer.toString(part);
        key.append("0".repeat(Math.max(0, PART_DIGITS - index.length())));
        return key.append(index).toString();
    }

    private record Header(String runId, String mapsDigest, int parts, int mapCount, int received) {

        boolean holds(String otherRunId, String otherDigest, int otherParts) {
            return runId.equals(otherRunId) && mapsDigest.equals(otherDigest) && parts == otherParts;
        }

        Header withOneMore() {
            return new Header(runId, mapsDigest, parts, mapCount, received + 1);
        }

        byte[] toBytes() {
            return new BinaryOut(96).writeInt(FORMAT).writeString(runId).writeString(mapsDigest).writeInt(parts)
                    .writeInt(mapCount).writeInt(received).toBytes();
        }
    }
}
