package io.memfleet.aggregator.topology;

import io.memfleet.schema.Mapping;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The mappings store, a process's list in chunks: the first under the process key, the others
 * under the process key, a separator and the chunk's index, each under {@link #CHUNK_BYTES} so no
 * changelog record outgrows the topic's 1 MiB default (a list of 262,144 mappings is ~10 MB in
 * this store's binary form). A reader follows the chunks until one is missing; a writer deletes
 * those past its last, so a shrunk list leaves none behind.
 */
public final class MappingSets {

    /** Bytes a chunk may take, well under the changelog topics' default max.message.bytes (1 MiB). */
    static final int CHUNK_BYTES = 512 * 1024;
    /** More than a mapping's fields other than its path take in {@link MappingSet}'s binary form. */
    private static final int FIXED_BYTES_BOUND = 96;
    /** A path character takes at most three bytes in UTF-8. */
    private static final int PATH_CHAR_BYTES_BOUND = 3;
    private static final int CHUNK_DIGITS = 6;

    private final KeyValueStore<String, MappingSet> store;

    MappingSets(KeyValueStore<String, MappingSet> store) {
        this.store = store;
    }

    /** The process's whole list, or null if none is stored. */
    MappingSet get(String processKey) {
        return read(store::get, processKey);
    }

    /** The process's whole list from any reader of the store (interactive queries too), or null. */
    public static MappingSet read(Function<String, MappingSet> get, String processKey) {
        MappingSet first = get.apply(processKey);
        if (first == null) {
            return null;
        }
        MappingSet next = get.apply(chunkKey(processKey, 1));
        if (next == null) {
            return first;
        }
        List<Mapping> all = new ArrayList<>(first.mappings());
        for (int i = 2; next != null; i++) {
            all.addAll(next.mappings());
            next = get.apply(chunkKey(processKey, i));
        }
        return new MappingSet(all);
    }

    void put(String processKey, List<Mapping> mappings) {
        int chunk = 0;
        int from = 0;
        long bytes = 0;
        for (int i = 0; i < mappings.size(); i++) {
            long size = FIXED_BYTES_BOUND + (long) PATH_CHAR_BYTES_BOUND * mappings.get(i).path().length();
            if (bytes + size > CHUNK_BYTES && i > from) {
                store.put(chunkKey(processKey, chunk++), new MappingSet(mappings.subList(from, i)));
                from = i;
                bytes = 0;
            }
            bytes += size;
        }
        store.put(chunkKey(processKey, chunk++), new MappingSet(mappings.subList(from, mappings.size())));
        deleteFrom(processKey, chunk);
    }

    void delete(String processKey) {
        deleteFrom(processKey, 0);
    }

    private void deleteFrom(String processKey, int chunk) {
        for (int i = chunk; store.get(chunkKey(processKey, i)) != null; i++) {
            store.delete(chunkKey(processKey, i));
        }
    }

    static String chunkKey(String processKey, int chunk) {
        if (chunk == 0) {
            return processKey;
        }
        String index = Integer.toString(chunk);
        return processKey + ProcessKey.SEPARATOR + "0".repeat(Math.max(0, CHUNK_DIGITS - index.length())) + index;
    }
}
