package io.memfleet.bench.aggregator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memfleet.schema.HostHeartbeat;
import io.memfleet.schema.Mapping;
import io.memfleet.schema.ProcessSample;
import io.memfleet.schema.SampleRecord;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SyntheticFleetTest {

    private static SyntheticFleet fleet(long seed, double changeFraction) {
        return new SyntheticFleet(seed, "h-", 20, 30, 200, changeFraction, 1_700_000_000_000L, 10_000);
    }

    @Test
    void shouldGiveTheSameRecordsForTheSameSeedInAnyOrder() {
        SyntheticFleet a = fleet(7, 0.03);
        SyntheticFleet b = fleet(7, 0.03);
        List<SampleRecord> later = b.pass(3, 2); // asked for out of order
        assertThat(a.pass(3, 2)).isEqualTo(later);
        assertThat(a.pass(0, 0)).isEqualTo(b.pass(0, 0));
        assertThat(a.hostId(5)).isEqualTo(b.hostId(5));
    }

    @Test
    void shouldGiveOtherRecordsForAnotherSeed() {
        assertThat(fleet(7, 0.03).pass(0, 0)).isNotEqualTo(fleet(8, 0.03).pass(0, 0));
        assertThat(fleet(7, 0.03).hostId(0)).isNotEqualTo(fleet(8, 0.03).hostId(0));
    }

    @Test
    void shouldSendOneSamplePerProcessThenAHeartbeatWithContiguousSeq() {
        SyntheticFleet fleet = fleet(1, 0.03);
        List<SampleRecord> first = fleet.pass(2, 0);
        List<SampleRecord> second = fleet.pass(2, 1);
        assertThat(first).hasSize(31);
        assertThat(first.get(30)).isInstanceOf(HostHeartbeat.class);
        assertThat(((HostHeartbeat) first.get(30)).processesSeen()).isEqualTo(30);
        long seq = 0;
        for (SampleRecord record : concat(first, second)) {
            assertThat(record.seq()).isEqualTo(++seq);
            assertThat(record.hostId()).isEqualTo(fleet.hostId(2));
            assertThat(record.runId()).isEqualTo(first.get(0).runId());
        }
        assertThat(((ProcessSample) second.get(0)).sampledAt() - ((ProcessSample) first.get(0)).sampledAt())
                .isEqualTo(10_000);
    }

    @Test
    void shouldGiveDistinctHostIds() {
        SyntheticFleet fleet = new SyntheticFleet(3, "h-", 1000, 1, 8, 0, 0, 10_000);
        Set<String> ids = new HashSet<>();
        for (int host = 0; host < 1000; host++) {
            ids.add(fleet.hostId(host));
        }
        assertThat(ids).hasSize(1000);
    }

    @Test
    void shouldSendEveryMappingListOnFirstSightAndOnlyChangedOnesLater() {
        SyntheticFleet fleet = new SyntheticFleet(5, "h-", 100, 100, 200, 0.03, 0, 10_000);
        for (SampleRecord record : fleet.pass(0, 0)) {
            if (record instanceof ProcessSample sample) {
                assertThat(sample.mappings()).hasSize(200);
                assertThat(sample.mapCount()).isEqualTo(200);
            }
        }
        long full = 0;
        long samples = 0;
        for (int host = 0; host < 100; host++) {
            List<SampleRecord> before = fleet.pass(host, 1);
            List<SampleRecord> after = fleet.pass(host, 2);
            for (int p = 0; p < 100; p++) {
                ProcessSample was = (ProcessSample) before.get(p);
                ProcessSample now = (ProcessSample) after.get(p);
                boolean changed = fleet.changed(host, p, 2);
                assertThat(now.mappings() != null).isEqualTo(changed);
                assertThat(now.mapsDigest().equals(was.mapsDigest())).isEqualTo(!changed);
                samples++;
                full += changed ? 1 : 0;
            }
            assertThat(fleet.fullListsIn(host, 2)).isEqualTo((int) after.stream()
                    .filter(r -> r instanceof ProcessSample s && s.mappings() != null).count());
        }
        assertThat((double) full / samples).isBetween(0.02, 0.04);
    }

    @Test
    void shouldChangeOnlyAFewMappingsWhenTheSetChanges() {
        SyntheticFleet fleet = fleet(1, 0.03);
        for (int generation = 0; generation < 20; generation++) {
            List<Mapping> before = fleet.mappingList(42, generation);
            List<Mapping> after = fleet.mappingList(42, generation + 1);
            assertThat(after).hasSize(200);
            Set<Mapping> removed = new HashSet<>(before);
            removed.removeAll(after);
            assertThat(removed).hasSizeBetween(1, 2);
        }
    }

    @Test
    void shouldNeverChangeMappingsAtAChangeFractionOfZero() {
        SyntheticFleet fleet = new SyntheticFleet(1, "h-", 1, 5, 50, 0, 0, 10_000);
        for (int pass = 1; pass < 200; pass++) {
            assertThat(fleet.fullListsIn(0, pass)).isZero();
        }
    }

    @Test
    void shouldRejectImpossibleSizes() {
        assertThatThrownBy(() -> new SyntheticFleet(1, "h-", 0, 1, 8, 0, 0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SyntheticFleet(1, "h-", 1, 1, 8, 1.5, 0, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static List<SampleRecord> concat(List<SampleRecord> a, List<SampleRecord> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}
