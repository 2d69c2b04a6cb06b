package io.memfleet.aggregator.topology;

import io.memfleet.aggregator.codec.BinaryIn;
import io.memfleet.aggregator.codec.BinaryOut;
import io.memfleet.aggregator.codec.RecordBinary;
import io.memfleet.schema.Mapping;
import io.memfleet.schema.MappingsPart;
import io.memfleet.schema.ProcessSample;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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
 *
 * <p>What waits here is bounded, because any writer of the samples topic can send parts whose
 * sample never comes: a list whose first part arrived more than {@link #MAX_WAIT} of stream time
 * ago is dropped by {@link #expire} (its sample, sent right after its parts, is not coming), and a
 * host's pending lists hold at most {@code maxBytesPerHost} (headers and parts, as stored): a part
 * beyond it is refused. The host's running total is one more entry, keyed by its host prefix.
 */
final class PendingLists {

    /**
     * Five minutes of stream time: a list's parts go right before its sample, consecutively on the
     * host's partition, so they normally wait milliseconds; even a spool drained after an outage
     * sends them back to back. Five minutes is 30 passes at the default 10 s interval and still
     * 5 at a 1-minute one, so only a list whose sample was lost (or never sent) is swept.
     */
    static final Duration MAX_WAIT = Duration.ofMinutes(5);

    /**
     * Parts a list may have: dropping a list deletes each of its part keys, so a forged {@code parts}
     * of two billion would stall the stream thread. 262,144 mappings make 61 JSON parts; 10,000
     * parts of 512 KiB are 5 GB, beyond any real list.
     */
    static final int MAX_PARTS = 10_000;

    private static final int PART_FORMAT = 1;
    private static final int HEADER_FORMAT = 2;
    private static final int TOTAL_FORMAT = 1;
    private static final int PART_DIGITS = 6;
    private static final int START_TIME_DIGITS = 20;

    private final Function<String, byte[]> get;
    private final BiConsumer<String, byte[]> put;
    private final Consumer<String> delete;
    private final long maxBytesPerHost;
    /**
     * The processes with a list pending, mirroring the store's headers so that a sample without a
     * list (nearly every sample) costs no store read. Made from the store when the task is
     * (re)initialised, as Streams does after a rebalance or an aborted transaction.
     */
    private final Set<String> pending = new HashSet<>();

    /**
     * What became of a part: {@code kept} (or already kept: delivered twice), or refused because its
     * host's pending lists would outgrow {@code maxBytesPerHost} or its list claims over
     * {@link #MAX_PARTS}; and whether an incomplete list of the same process was dropped for it
     * ({@code displaced}), which is counted whether or not the part was then kept.
     */
    record Added(boolean kept, boolean displaced) {
        static final Added KEPT = new Added(true, false);
        static final Added DISPLACED = new Added(true, true);
        static final Added REFUSED = new Added(false, false);
    }

    /** What a sample found: the whole list, or null; and whether a list was given up as incomplete. */
    record Taken(List<Mapping> mappings, boolean incomplete) {
        static final Taken NOTHING = new Taken(null, false);
    }

    /** @param keys every key in the store now: the headers among them are the lists pending */
    PendingLists(Function<String, byte[]> get, BiConsumer<String, byte[]> put, Consumer<String> delete,
                 long maxBytesPerHost, Iterable<String> keys) {
        this.get = get;
        this.put = put;
        this.delete = delete;
        this.maxBytesPerHost = maxBytesPerHost;
        for (String key : keys) {
            if (isHeader(key)) {
                pending.add(key);
            }
        }
    }

    /**
     * Keeps a part that arrived at stream time {@code now}, unless its host is at its cap. A refused
     * part leaves its list short: the sample then finds it incomplete (or, without a header, goes on
     * without a list), and its process is out of sync, as after a lost part.
     */
    Added add(String processKey, MappingsPart part, long now) {
        if (part.parts() > MAX_PARTS) {
            return Added.REFUSED;
        }
        Header header = header(processKey);
        boolean displaced = false;
        if (header != null && !header.holds(part.runId(), part.mapsDigest(), part.parts())) {
            drop(processKey, header);
            header = null;
            displaced = true;
        }
        String key = partKey(processKey, part.part());
        if (header != null && get.apply(key) != null) {
            return Added.KEPT; // delivered twice: the first copy is the same slice
        }
        BinaryOut out = new BinaryOut(64 * part.mappings().size() + 8).writeInt(PART_FORMAT);
        byte[] bytes = out.writeList(part.mappings(), RecordBinary::writeMapping).toBytes();
        Header next = header == null
                ? new Header(part.runId(), part.mapsDigest(), part.parts(), part.mapCount(), 0, now, 0)
                : header;
        long headerBytes = header == null ? next.cost() : 0;
        String host = hostOf(processKey);
        long total = total(host);
        if (total + headerBytes + bytes.length > maxBytesPerHost) {
            return new Added(false, displaced);
        }
        put.accept(key, bytes);
        put.accept(processKey, next.withOneMore(bytes.length).toBytes());
        pending.add(processKey);
        setTotal(host, total + headerBytes + bytes.length);
        return new Added(true, displaced);
    }

    /**
     * Drops the process's pending list if its first part arrived before {@code cutoff} (stream
     * time); true if it did. Its sample is not coming: the list is counted incomplete.
     */
    boolean expire(String processKey, long cutoff) {
        Header header = header(processKey);
        if (header == null || header.firstAt >= cutoff) {
            return false;
        }
        drop(processKey, header);
        return true;
    }

    /** Whether a key of the store is a list's header (a process key), rather than a part or a host's total. */
    static boolean isHeader(String key) {
        // From the end: a part key ends in its index, a total in the separator, a process key in its start time.
        return key.length() - key.lastIndexOf(ProcessKey.SEPARATOR) - 1 == START_TIME_DIGITS;
    }

    /** What the host's pending lists hold now, in bytes as stored. */
    long pendingBytes(String hostId) {
        return total(hostId);
    }

    /** The list pending for the sample's process, if it is the sample's and whole; drops what is pending either way. */
    Taken take(String processKey, ProcessSample sample) {
        if (!pending.contains(processKey)) {
            return Taken.NOTHING;
        }
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
                in.readVersion(PART_FORMAT, "mapping list part");
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
        pending.remove(processKey);
        String host = hostOf(processKey);
        setTotal(host, total(host) - header.cost() - header.bytes);
    }

    private long total(String hostId) {
        byte[] bytes = get.apply(ProcessKey.hostPrefix(hostId));
        if (bytes == null) {
            return 0;
        }
        BinaryIn in = new BinaryIn(bytes);
        in.readVersion(TOTAL_FORMAT, "pending mapping list total");
        return in.readLong();
    }

    private void setTotal(String hostId, long total) {
        String key = ProcessKey.hostPrefix(hostId);
        if (total <= 0) {
            delete.accept(key); // nothing pending: nothing left behind for the host either
        } else {
            put.accept(key, new BinaryOut(16).writeInt(TOTAL_FORMAT).writeLong(total).toBytes());
        }
    }

    private static String hostOf(String processKey) {
        return processKey.substring(0, processKey.indexOf(ProcessKey.SEPARATOR));
    }

    private Header header(String processKey) {
        byte[] bytes = get.apply(processKey);
        if (bytes == null) {
            return null;
        }
        BinaryIn in = new BinaryIn(bytes);
        in.readVersion(HEADER_FORMAT, "pending mapping list");
        return new Header(in.readString(), in.readString(), in.readInt(), in.readInt(), in.readInt(), in.readLong(),
                in.readLong());
    }

    static String partKey(String processKey, int part) {
        StringBuilder key = new StringBuilder(processKey).append(ProcessKey.SEPARATOR);
        String index = Integer.toString(part);
        key.append("0".repeat(Math.max(0, PART_DIGITS - index.length())));
        return key.append(index).toString();
    }

    /**
     * @param firstAt stream time when the list's first part arrived
     * @param bytes   the stored parts' bytes (the header's own are {@link #cost})
     */
    private record Header(String runId, String mapsDigest, int parts, int mapCount, int received, long firstAt,
                          long bytes) {

        boolean holds(String otherRunId, String otherDigest, int otherParts) {
            return runId.equals(otherRunId) && mapsDigest.equals(otherDigest) && parts == otherParts;
        }

        Header withOneMore(long partBytes) {
            return new Header(runId, mapsDigest, parts, mapCount, received + 1, firstAt, bytes + partBytes);
        }

        /**
         * What the header counts against its host's cap: its encoding's length when new, plus room
         * for its numbers to grow, so that adding and dropping it count the same whatever it became.
         */
        long cost() {
            return new Header(runId, mapsDigest, parts, mapCount, 0, 0, 0).toBytes().length + 32;
        }

        byte[] toBytes() {
            return new BinaryOut(112).writeInt(HEADER_FORMAT).writeString(runId).writeString(mapsDigest).writeInt(parts)
                    .writeInt(mapCount).writeInt(received).writeLong(firstAt).writeLong(bytes).toBytes();
        }
    }
}
