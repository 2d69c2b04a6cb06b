package io.memfleet.aggregator.topology;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiPredicate;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/** Retention sweeps of the punctuators: keys are collected first, as a store must not change under its iterator. */
final class StoreSweep {

    private StoreSweep() {
    }

    /** Deletes every entry {@code expired} accepts; returns how many. */
    static <K, V> int deleteWhere(KeyValueStore<K, V> store, BiPredicate<K, V> expired) {
        List<K> doomed = new ArrayList<>();
        try (KeyValueIterator<K, V> all = store.all()) {
            while (all.hasNext()) {
                KeyValue<K, V> entry = all.next();
                if (expired.test(entry.key, entry.value)) {
                    doomed.add(entry.key);
                }
            }
        }
        doomed.forEach(store::delete);
        return doomed.size();
    }
}
