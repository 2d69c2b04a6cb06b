package io.memfleet.aggregator.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.memfleet.aggregator.model.MappingChange;
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

    @Test
    void shouldFindTheSameChangeByWalkingSortedListsAsBySets() {
        java.util.Random random = new java.util.Random(3);
        for (int round = 0; round < 500; round++) {
            List<Mapping> pool = new java.util.ArrayList<>();
            for (int k = 0; k < 40; k++) {
                long start = 0x7f0000000000L + k * 0x10000L;
                pool.add(Mapping.of(start, start + 0x1000, "r-xp", 0, "fd:01", k, "/lib/" + k + ".so"));
                // Same start, another size: a mapping that grew in place.
                pool.add(Mapping.of(start, start + 0x2000, "r-xp", 0, "fd:01", k, "/lib/" + k + ".so"));
            }
            pool.add(Mapping.of(0xffffffffff600000L, 0xffffffffff601000L, "--xp", 0, "00:00", 0, "[vsyscall]"));
            List<Mapping> before = pick(pool, random);
            List<Mapping> after = pick(pool, random);

            MappingChange change = MappingChange.between(before, after);

            assertThat(change.added()).isEqualTo(after.stream().filter(m -> !before.contains(m)).toList());
            assertThat(change.removed()).isEqualTo(before.stream().filter(m -> !after.contains(m)).toList());
            assertThat(change.undo(after)).isEqualTo(before);
        }
    }

    /** A random subset in address order, at most one mapping per start address, as in a maps file. */
    private static List<Mapping> pick(List<Mapping> pool, java.util.Random random) {
        java.util.TreeMap<Long, Mapping> byStart = new java.util.TreeMap<>(Long::compareUnsigned);
        for (Mapping mapping : pool) {
            if (random.nextInt(3) > 0) {
                byStart.put(mapping.start(), mapping);
            }
        }
        return List.copyOf(byStart.values());
    }

    @Test
    void shouldAccumulatePointsAndRollupsToTheMinMaxAndAverageOfTheirSamples() {
        java.util.Random random = new java.util.Random(5);
        for (int round = 0; round < 200; round++) {
            Rollup.Accumulator accumulator = new Rollup.Accumulator();
            List<MemoryPoint> points = new java.util.ArrayList<>();
            for (int k = random.nextInt(30); k >= 0; k--) {
                MemoryPoint point = MemoryPoint.of(sample(random.nextBoolean() ? null : (long) random.nextInt(1 << 20),
                        random.nextBoolean() ? null : (long) random.nextInt(100), 1 + random.nextInt(50)));
                points.add(point);
                if (random.nextBoolean()) {
                    accumulator.add(point);
                } else {
                    accumulator.add(Rollup.of(point));
                }
            }
            Rollup built = accumulator.build();

            assertThat(built.count()).isEqualTo(points.size());
            for (MemoryField field : MemoryField.values()) {
                List<Long> values = points.stream().map(p -> p.get(field)).filter(java.util.Objects::nonNull).toList();
                assertThat(built.has(field)).as(field.jsonName()).isEqualTo(!values.isEmpty());
                if (!values.isEmpty()) {
                    assertThat(built.min(field)).isEqualTo(values.stream().mapToLong(Long::longValue).min().getAsLong());
                    assertThat(built.max(field)).isEqualTo(values.stream().mapToLong(Long::longValue).max().getAsLong());
                    assertThat(built.avg(field)).isEqualTo(values.stream().mapToLong(Long::longValue).average()
                            .getAsDouble(), org.assertj.core.data.Offset.offset(1e-9));
                }
            }
        }
    }
}
