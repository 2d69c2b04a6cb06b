package io.memfleet.aggregator.topology;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiPredicate;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The values one task wrote most recently to a store (its processes, its hosts), kept as objects in
 * front of it. Reading a process's state from RocksDB and decoding it would cost about 5 us a
 * sample, a sixth of the fold (memfleet bench aggregator, parts timed in a bench build); a process
 * is sampled every ten seconds and a host sends hundreds of records a second, so what a record
 * needs is nearly always here.
 *
 * <p>Write-through: every change goes to the store (and so its changelog and interactive queries)
 * at once; this only saves reads. It lives in the processor and is made anew when the task
 * initializes its processors, which Kafka Streams does after restoring the stores (a new task, a
 * revived one after an aborted transaction): it never holds a value the store does not.
 *
 * <p>Bound: {@code maxEntries}, least recently used first out.
 */
final class RecentStates<V> {

    /** Process states per task: about 2 KB each (latest sample, open bucket, heap rings), ~16 MiB. */
    static final int PROCESSES_PER_TASK = 8_192;
    /** Host states per task: a few hundred bytes each. */
    static final int HOSTS_PER_TASK = 4_096;

    private final KeyValueStore<String, V> store;
    private final Map<String, V> recent;

    RecentStates(KeyValueStore<String, V> store, int maxEntries) {
        this.store = store;
        this.recent = new LinkedHashMap<>(1_024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > maxEntries;
            }
        };
    }

    /** The key's value, or null for one the store does not hold. */
    V get(String key) {
        V value = recent.get(key);
        if (value == null) {
            value = store.get(key);
            if (value != null) {
                recent.put(key, value);
            }
        }
        return value;
    }

    /** Whether the store holds the key, without making it recent (for sweeps over other stores). */
    boolean contains(String key) {
        return recent.containsKey(key) || store.get(key) != null;
    }

    void put(String key, V value) {
        store.put(key, value);
        recent.put(key, value);
    }

    void delete(String key) {
        store.delete(key);
        recent.remove(key);
    }

    /** Deletes every entry {@code expired} accepts, from the store and from here; returns how many. */
    int deleteWhere(BiPredicate<String, V> expired) {
        return StoreSweep.deleteWhere(store, (key, value) -> {
            if (!expired.test(key, value)) {
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
