package io.memfleet.aggregator.topology;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiPredicate;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The states of the processes one task folded most recently, as objects, in front of its processes
 * store. Reading a process's state from RocksDB and decoding it was 5 of the ~30 us the fold spends
 * on a sample; a process is sampled every ten seconds, so its state is nearly always here.
 *
 * <p>Write-through: every change goes to the store (and so its changelog and interactive queries)
 * at once; this only saves reads. It lives in the processor and is made anew when the task
 * initializes its processors, which Kafka Streams does after restoring the stores (a new task, a
 * revived one after an aborted transaction): it never holds a state the store does not.
 *
 * <p>Bound: {@link #MAX_ENTRIES} per task, least recently used first out; about 2 KB each (the
 * latest sample, the open bucket, the heap detector's rings), so at most ~16 MiB per task.
 */
final class ProcessStateCache {

    static final int MAX_ENTRIES = 8_192;

    private final KeyValueStore<String, ProcessState> store;
    private final Map<String, ProcessState> recent = new LinkedHashMap<>(1_024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ProcessState> eldest) {
            return size() > MAX_ENTRIES;
        }
    };

    ProcessStateCache(KeyValueStore<String, ProcessState> store) {
        this.store = store;
    }

    /** The process's state, or null for one the store does not hold. */
    ProcessState get(String key) {
        ProcessState state = recent.get(key);
        if (state == null) {
            state = store.get(key);
            if (state != null) {
                recent.put(key, state);
            }
        }
        return state;
    }

    /** Whether the store holds the process, without making it recent (for sweeps over other stores). */
    boolean contains(String key) {
        return recent.containsKey(key) || store.get(key) != null;
    }

    void put(String key, ProcessState state) {
        store.put(key, state);
        recent.put(key, state);
    }

    /** Deletes every process {@code expired} accepts, from the store and from here; returns how many. */
    int deleteWhere(BiPredicate<String, ProcessState> expired) {
        return StoreSweep.deleteWhere(store, (key, state) -> {
            if (!expired.test(key, state)) {
                return false;
            }
            recent.remove(key);
            return true;
        });
    }

    int size() {
        return recent.size();
    }
}
