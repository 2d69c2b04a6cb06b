package io.memfleet.aggregator.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.memfleet.schema.Mapping;
import io.memfleet.schema.ProcessSample;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The compact history values: round trips, and rollup and mapping-change arithmetic. */
class HistoryValuesTest {

    static ProcessSample sample(Long rss, Long swap, int threads) {
        return new ProcessSample("r", 1, "h", "b", 10, 100, 1, "app", 0, "S", threads, 1000, 9_000L, 8_000L, 0L, 0L,
                rss, rss, rss == null ? null : rss - 10, 10L, 0L, 5_000L, 132L, 4L, 2_000L, 40L, swap, 3, "d", null,
                null, null);
    }

    @Test
    void shouldRoundTripAMemoryPointIncludingAbsentFieldsAndLargeValues() {
        MemoryPoint point = MemoryPoint.of(sample(Long.MAX_VALUE / 3, null, 7));

        MemoryPoint back = MemoryPoint.fromBytes(point.toBytes());

        assertThat(back).isEqualTo(point);
        assertThat(back.get(MemoryField.VM_RSS_KB)).isEqualTo(Long.MAX_VALUE / 3);
        assertThat(back.get(MemoryField.VM_SWAP_KB)).isNull();
        assertThat(back.get(MemoryField.THREADS)).isEqualTo(7);
        assertThat(point.toBytes().length).as("compact").isLessThan(60);
    }

    @Test
    void shouldKeepMinMaxAvgPerFieldInARollup() {
        Rollup rollup = Rollup.empty().add(MemoryPoint.of(sample(100L, 0L, 1))).add(MemoryPoint.of(sample(300L, null, 3)))
                .add(MemoryPoint.of(sample(200L, 6L, 2)));

        Rollup back = Rollup.fromBytes(rollup.toBytes());

        assertThat(back.count()).isEqualTo(3);
        assertThat(back.min(MemoryField.VM_RSS_KB)).isEqualTo(100);
        assertThat(back.max(MemoryField.VM_RSS_KB)).isEqualTo(300);
        assertThat(back.avg(MemoryField.VM_RSS_KB)).isEqualTo(200.0);
        assertThat(back.avg(MemoryField.VM_SWAP_KB)).as("averaged over the samples that had it").isEqualTo(3.0);
        assertThat(back.avg(MemoryField.THREADS)).isEqualTo(2.0);
    }

    @Test
    void shouldMergeRollupsAsIfTheSamplesHadBeenInOneBucket() {
        Rollup a = Rollup.of(MemoryPoint.of(sample(100L, null, 1)));
        Rollup b = Rollup.of(MemoryPoint.of(sample(500L, 4L, 1))).add(MemoryPoint.of(sample(300L, 2L, 1)));

        Rollup merged = a.merge(b);

        assertThat(merged.count()).isEqualTo(3);
        assertThat(merged.min(MemoryField.VM_RSS_KB)).isEqualTo(100);
        assertThat(merged.max(MemoryField.VM_RSS_KB)).isEqualTo(500);
        assertThat(merged.min(MemoryField.VM_SWAP_KB)).isEqualTo(2);
        assertThat(merged.max(MemoryField.VM_SWAP_KB)).isEqualTo(4);
    }

    @Test
    void shouldDiffMappingSetsAndUndoTheChange() {
        Mapping code = Mapping.of(0x1000, 0x2000, "r-xp", 0, "fd:01", 7, "/bin/app");
        Mapping heap = Mapping.of(0x5000, 0x9000, "rw-p", 0, "00:00", 0, "[heap]");
        Mapping grownHeap = Mapping.of(0x5000, 0xa000, "rw-p", 0, "00:00", 0, "[heap]");
        Mapping jit = Mapping.of(0x7000_0000L, 0x7000_1000L, "r-xp", 0, "00:00", 0, "");

        MappingChange change = MappingChange.between(List.of(code, heap), List.of(code, grownHeap, jit));

        assertThat(change.added()).containsExactly(grownHeap, jit);
        assertThat(change.removed()).containsExactly(heap);
        assertThat(change.undo(List.of(code, grownHeap, jit))).containsExactly(code, heap);
        assertThat(MappingChange.between(List.of(code), List.of(code)).isEmpty()).isTrue();
    }
}
