package io.memfleet.aggregator.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.memfleet.schema.ProcessSample;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RecentStatesTest {

    private KeyValueStore<String, ProcessState> store;
    private RecentStates<ProcessState> cache;

    @BeforeEach
    void setUp() {
        store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("processes"), Serdes.String(),
                Serdes.serdeFrom((t, s) -> s.toBytes(), (t, b) -> ProcessState.read(new io.memfleet.aggregator.codec.BinaryIn(b))))
                .withLoggingDisabled().build();
        store.init(new MockProcessorContext<>().getStateStoreContext(), store);
        cache = new RecentStates<>(store, RecentStates.PROCESSES_PER_TASK);
    }

    private static ProcessState state(int pid, long rssKb) {
        return ProcessState.first(new ProcessSample("run", 1, "h", "boot", pid, 100, 1, "app", 0, "S", 1, 1_000, null,
                null, null, null, null, rssKb, null, null, null, null, null, null, null, null, null, 0, "d", null, null,
                null));
    }

    @Test
    void writesThroughAndAnswersReadsWithoutTheStore() {
        ProcessState first = state(1, 100);
        cache.put("p1", first);
        assertThat(store.get("p1")).as("in the store at once").isEqualTo(first);

        store.put("p1", state(1, 999)); // behind its back: the cache keeps answering with what it was given
        assertThat(cache.get("p1")).isSameAs(first);
        assertThat(cache.get("absent")).isNull();
    }

    @Test
    void readsFromTheStoreWhatItDoesNotHold() {
        store.put("p2", state(2, 200));
        assertThat(cache.get("p2").latest().vmRssKb()).isEqualTo(200);
        assertThat(cache.size()).isEqualTo(1);
        assertThat(cache.contains("p3")).isFalse();
        store.put("p3", state(3, 300));
        assertThat(cache.contains("p3")).isTrue();
        assertThat(cache.size()).as("a sweep's question does not make a process recent").isEqualTo(1);
    }

    @Test
    void keepsAtMostItsBoundLeastRecentlyUsedOut() {
        for (int pid = 0; pid < RecentStates.PROCESSES_PER_TASK + 10; pid++) {
            cache.put("p" + pid, state(pid, pid));
        }
        assertThat(cache.size()).isEqualTo(RecentStates.PROCESSES_PER_TASK);
        assertThat(cache.get("p0").latest().pid()).as("evicted from the cache, still in the store").isZero();
    }

    @Test
    void deletesFromBothStoreAndCache() {
        cache.put("old", state(1, 1));
        cache.put("new", state(2, 2));
        assertThat(cache.deleteWhere((key, s) -> key.equals("old"))).isEqualTo(1);
        assertThat(store.get("old")).isNull();
        assertThat(cache.get("old")).isNull();
        assertThat(cache.get("new")).isNotNull();
    }
}
