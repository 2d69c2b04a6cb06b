package io.memfleet.aggregator.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.memfleet.aggregator.codec.BinaryIn;
import io.memfleet.aggregator.codec.BinaryOut;
import io.memfleet.aggregator.codec.RecordBinary;
import io.memfleet.schema.Mapping;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * How a process's mapping set changed between two full lists: the mappings added and removed, in
 * address order. The first full list of a process is a change that adds everything.
 */
public record MappingChange(List<Mapping> added, List<Mapping> removed) {

    public MappingChange {
        added = List.copyOf(added);
        removed = List.copyOf(removed);
    }

    public static MappingChange between(List<Mapping> before, List<Mapping> after) {
        if (inAddressOrder(before) && inAddressOrder(after)) {
            return betweenSorted(before, after);
        }
        Set<Mapping> old = new HashSet<>(before);
        Set<Mapping> now = new HashSet<>(after);
        List<Mapping> added = new ArrayList<>();
        for (Mapping mapping : after) {
            if (!old.contains(mapping)) {
                added.add(mapping);
            }
        }
        List<Mapping> removed = new ArrayList<>();
        for (Mapping mapping : before) {
            if (!now.contains(mapping)) {
                removed.add(mapping);
            }
        }
        return new MappingChange(added, removed);
    }

    /**
     * One walk over two lists in address order, as the kernel writes maps files and the collector
     * sends them: no hashing of every mapping's strings, which would be most of the cost of a full list.
     */
    private static MappingChange betweenSorted(List<Mapping> before, List<Mapping> after) {
        List<Mapping> added = new ArrayList<>();
        List<Mapping> removed = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < before.size() && j < after.size()) {
            Mapping was = before.get(i);
            Mapping is = after.get(j);
            int order = Long.compareUnsigned(was.start(), is.start());
            if (order == 0 && was.equals(is)) {
                i++;
                j++;
            } else if (order < 0) {
                removed.add(was);
                i++;
            } else if (order > 0) {
                added.add(is);
                j++;
            } else {
                removed.add(was); // same start, something else changed: one out, one in
                added.add(is);
                i++;
                j++;
            }
        }
        removed.addAll(before.subList(i, before.size()));
        added.addAll(after.subList(j, after.size()));
        return new MappingChange(added, removed);
    }

    /** Strictly increasing start addresses (unsigned): what a maps file holds. */
    private static boolean inAddressOrder(List<Mapping> mappings) {
        for (int k = 1; k < mappings.size(); k++) {
            if (Long.compareUnsigned(mappings.get(k - 1).start(), mappings.get(k).start()) >= 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * This change in pieces of at most about {@code maxBytes} in the stores' binary form (added
     * first, then removed; each piece undoes its share), so no changelog record outgrows the
     * topic's limit: the first list of a process of 262,144 mappings adds ~10 MB.
     */
    public List<MappingChange> inPieces(int maxBytes) {
        List<MappingChange> pieces = new ArrayList<>();
        List<Mapping> pieceAdded = new ArrayList<>();
        List<Mapping> pieceRemoved = new ArrayList<>();
        long bytes = 0;
        for (int i = 0; i < added.size() + removed.size(); i++) {
            boolean isAdded = i < added.size();
            Mapping mapping = isAdded ? added.get(i) : removed.get(i - added.size());
            long size = SIZE_BOUND_FIXED + 3L * mapping.path().length();
            if (bytes + size > maxBytes && bytes > 0) {
                pieces.add(new MappingChange(pieceAdded, pieceRemoved));
                pieceAdded = new ArrayList<>();
                pieceRemoved = new ArrayList<>();
                bytes = 0;
            }
            (isAdded ? pieceAdded : pieceRemoved).add(mapping);
            bytes += size;
        }
        pieces.add(new MappingChange(pieceAdded, pieceRemoved));
        return pieces;
    }

    /** More than a mapping's fields other than its path take in the binary form; a path character takes at most 3. */
    private static final int SIZE_BOUND_FIXED = 96;

    @JsonIgnore
    public boolean isEmpty() {
        return added.isEmpty() && removed.isEmpty();
    }

    /** The set before this change, given the set after it. */
    public List<Mapping> undo(List<Mapping> after) {
        Set<Mapping> addedSet = new HashSet<>(added);
        List<Mapping> before = new ArrayList<>(after.size());
        for (Mapping mapping : after) {
            if (!addedSet.contains(mapping)) {
                before.add(mapping);
            }
        }
        before.addAll(removed);
        before.sort((a, b) -> Long.compareUnsigned(a.start(), b.start()));
        return before;
    }

    private static final int FORMAT = 1;

    public byte[] toBytes() {
        return new BinaryOut(64 * (added.size() + removed.size()) + 8).writeInt(FORMAT)
                .writeList(added, RecordBinary::writeMapping).writeList(removed, RecordBinary::writeMapping)
                .toBytes();
    }

    public static MappingChange read(BinaryIn in) {
        in.readVersion(FORMAT, "mapping change");
        return new MappingChange(in.readList(RecordBinary::readMapping), in.readList(RecordBinary::readMapping));
    }
}
