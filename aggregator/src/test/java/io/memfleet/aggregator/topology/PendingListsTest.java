package io.memfleet.aggregator.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.memfleet.schema.Mapping;
import io.memfleet.schema.MappingsPart;
import io.memfleet.schema.ProcessSample;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Putting a mapping list sent in parts back together, over a map standing in for the store. */
class PendingListsTest {

    private static final String KEY = ProcessKey.of("host-a", "boot-1", 42, 4242);
    private static final List<Mapping> LIST = mappings(10);

    private static final long CAP = 4_000;

    private final Map<String, byte[]> store = new HashMap<>();
    private final PendingLists pending = new PendingLists(store::get, store::put, store::remove, CAP,
            List.of());

    @Test
    void shouldGiveTheSampleItsListWhenEveryPartArrived() {
        parts("run-1", "d1", 3)
                .forEach(part -> assertThat(pending.add(KEY, part, 0)).isEqualTo(PendingLists.Added.KEPT));

        PendingLists.Taken taken = pending.take(KEY, sample("run-1", "d1"));

        assertThat(taken.mappings()).isEqualTo(LIST);
        assertThat(taken.incomplete()).isFalse();
        assertThat(store).as("nothing left behind").isEmpty();
    }

    @Test
    void shouldFindAListPendingInTheStoreWhenMadeAnewOverIt() {
        List<MappingsPart> parts = parts("run-1", "d1", 3);
        parts.forEach(part -> pending.add(KEY, part, 0));

        // The task re-initialised (a rebalance, an aborted transaction): the store is all there is.
        PendingLists again = new PendingLists(store::get, store::put, store::remove, CAP,
                new ArrayList<>(store.keySet()));

        assertThat(again.take(KEY, sample("run-1", "d1")).mappings()).isEqualTo(LIST);
        assertThat(store).isEmpty();
    }

    @Test
    void shouldNotLookForAListWhenNoneIsPending() {
        Map<String, byte[]> watched = new HashMap<>() {
            @Override
            public byte[] get(Object key) {
                throw new AssertionError("looked up " + key);
            }
        };
        PendingLists none = new PendingLists(watched::get, watched::put, watched::remove, CAP, List.of());

        assertThat(none.take(KEY, sample("run-1", "d1"))).isEqualTo(PendingLists.Taken.NOTHING);
    }

    @Test
    void shouldGiveUpAndCountAListWithAMissingPart() {
        List<MappingsPart> parts = parts("run-1", "d1", 3);
        pending.add(KEY, parts.get(0), 0);
        pending.add(KEY, parts.get(2), 0);

        PendingLists.Taken taken = pending.take(KEY, sample("run-1", "d1"));

        assertThat(taken.mappings()).isNull();
        assertThat(taken.incomplete()).isTrue();
        assertThat(store).isEmpty();
    }

    @Test
    void shouldPutPartsThatCameOutOfOrderBackInOrder() {
        List<MappingsPart> parts = parts("run-1", "d1", 3);
        pending.add(KEY, parts.get(2), 0);
        pending.add(KEY, parts.get(0), 0);
        pending.add(KEY, parts.get(1), 0);

        assertThat(pending.take(KEY, sample("run-1", "d1")).mappings()).isEqualTo(LIST);
    }

    @Test
    void shouldKeepAPartDeliveredTwiceOnce() {
        List<MappingsPart> parts = parts("run-1", "d1", 3);
        pending.add(KEY, parts.get(0), 0);
        pending.add(KEY, parts.get(1), 0);
        pending.add(KEY, parts.get(1), 0);

        assertThat(pending.take(KEY, sample("run-1", "d1")).incomplete()).as("two of three, not three").isTrue();

        parts.forEach(part -> pending.add(KEY, part, 0));
        pending.add(KEY, parts.get(0), 0);
        assertThat(pending.take(KEY, sample("run-1", "d1")).mappings()).isEqualTo(LIST);
    }

    @Test
    void shouldDropAnIncompleteListOfAnEarlierRunWhenANewRunsPartsCome() {
        pending.add(KEY, parts("run-1", "d1", 3).get(0), 0);

        List<Boolean> displaced = new ArrayList<>();
        parts("run-2", "d1", 2).forEach(part -> displaced.add(pending.add(KEY, part, 0).displaced()));

        assertThat(displaced).containsExactly(true, false);
        assertThat(pending.take(KEY, sample("run-2", "d1")).mappings()).isEqualTo(LIST);
    }

    @Test
    void shouldNotGiveAListToASampleOfAnotherDigest() {
        parts("run-1", "d1", 2).forEach(part -> pending.add(KEY, part, 0));

        PendingLists.Taken taken = pending.take(KEY, sample("run-1", "d2"));

        assertThat(taken.mappings()).isNull();
        assertThat(taken.incomplete()).isTrue();
    }

    @Test
    void shouldFindNothingForASampleWithoutParts() {
        assertThat(pending.take(KEY, sample("run-1", "d1"))).isEqualTo(PendingLists.Taken.NOTHING);
    }

    @Test
    void shouldDropAndReportAListWhoseFirstPartIsOlderThanTheBound() {
        pending.add(KEY, parts("run-1", "d1", 3).get(0), 1_000);
        pending.add(KEY, parts("run-1", "d1", 3).get(1), 200_000);

        assertThat(pending.expire(KEY, 1_000)).as("not older than the cutoff yet").isFalse();
        assertThat(pending.expire(KEY, 1_001)).isTrue();

        assertThat(store).as("parts, header and the host's total gone").isEmpty();
        assertThat(pending.expire(KEY, Long.MAX_VALUE)).isFalse();
    }

    @Test
    void shouldTellHeadersFromPartsAndTotals() {
        pending.add(KEY, parts("run-1", "d1", 3).get(0), 0);

        assertThat(store.keySet().stream().filter(PendingLists::isHeader)).containsExactly(KEY);
        assertThat(PendingLists.isHeader(ProcessKey.hostPrefix("host-a"))).isFalse();
        assertThat(PendingLists.isHeader(PendingLists.partKey(KEY, 0))).isFalse();
    }

    @Test
    void shouldRefusePartsBeyondTheHostsCapAndCountAtLeastWhatIsStored() {
        List<PendingLists.Added> added = new ArrayList<>();
        for (int pid = 1; pid <= 100; pid++) {
            String key = ProcessKey.of("host-a", "boot-1", pid, 4242);
            parts("run-1", "d" + pid, 3).forEach(part -> added.add(pending.add(key, part, 0)));
        }

        assertThat(added).contains(PendingLists.Added.KEPT, PendingLists.Added.REFUSED);
        long stored = store.entrySet().stream().filter(e -> !e.getKey().equals(ProcessKey.hostPrefix("host-a")))
                .mapToLong(e -> e.getValue().length).sum();
        assertThat(pending.pendingBytes("host-a")).isGreaterThanOrEqualTo(stored).isLessThanOrEqualTo(CAP);

        String other = ProcessKey.of("host-b", "boot-1", 42, 4242);
        parts("run-1", "d1", 3).forEach(part -> assertThat(pending.add(other, part, 0))
                .as("another host has its own cap").isEqualTo(PendingLists.Added.KEPT));
        assertThat(pending.take(other, sample("run-1", "d1")).mappings()).isEqualTo(LIST);
    }

    @Test
    void shouldLeaveAListWithARefusedPartIncompleteAndFreeItsBytesWhenTaken() {
        List<MappingsPart> parts = parts("run-1", "d1", 3);
        pending.add(KEY, parts.get(0), 0);
        pending.add(KEY, parts.get(1), 0);
        Map<String, byte[]> small = new HashMap<>();
        PendingLists tight = new PendingLists(small::get, small::put, small::remove, pending.pendingBytes("host-a"),
                List.of());
        List<PendingLists.Added> added = new ArrayList<>();
        parts.forEach(part -> added.add(tight.add(KEY, part, 0)));

        assertThat(added).containsExactly(PendingLists.Added.KEPT, PendingLists.Added.KEPT,
                PendingLists.Added.REFUSED);
        assertThat(tight.take(KEY, sample("run-1", "d1")).incomplete()).isTrue();
        assertThat(small).isEmpty();
        assertThat(tight.pendingBytes("host-a")).isZero();
    }

    @Test
    void shouldSayAListWasDisplacedEvenWhenThePartThatDisplacedItIsRefused() {
        List<MappingsPart> parts = parts("run-1", "d1", 3);
        pending.add(KEY, parts.get(0), 0);
        Map<String, byte[]> small = new HashMap<>();
        PendingLists tight = new PendingLists(small::get, small::put, small::remove, pending.pendingBytes("host-a"),
                List.of());
        tight.add(KEY, parts.get(0), 0);
        MappingsPart bigger = new MappingsPart("run-2", 1, "host-a", "boot-1", 42, 4242, "d1", LIST.size(), 0, 1,
                LIST);

        assertThat(tight.add(KEY, bigger, 0)).isEqualTo(new PendingLists.Added(false, true));
        assertThat(small).isEmpty();
    }

    @Test
    void shouldRefuseAListClaimingMorePartsThanAnyRealList() {
        MappingsPart forged = new MappingsPart("run-1", 1, "host-a", "boot-1", 42, 4242, "d1", 1, 0,
                Integer.MAX_VALUE, LIST.subList(0, 1));

        assertThat(pending.add(KEY, forged, 0)).isEqualTo(PendingLists.Added.REFUSED);
        assertThat(store).isEmpty();
    }

    @Test
    void shouldForgetAListAndItsBytes() {
        parts("run-1", "d1", 3).forEach(part -> pending.add(KEY, part, 0));

        assertThat(pending.forget(KEY)).isTrue();
        assertThat(store).isEmpty();
    }

    private static List<MappingsPart> parts(String runId, String digest, int count) {
        List<MappingsPart> parts = new ArrayList<>();
        int per = (LIST.size() + count - 1) / count;
        for (int i = 0; i < count; i++) {
            parts.add(new MappingsPart(runId, 1 + i, "host-a", "boot-1", 42, 4242, digest, LIST.size(), i, count,
                    LIST.subList(i * per, Math.min(LIST.size(), (i + 1) * per))));
        }
        return parts;
    }

    private static ProcessSample sample(String runId, String digest) {
        return new ProcessSample(runId, 9, "host-a", "boot-1", 42, 4242, 1, "big", 0, "S", 1, 1_000L, null, null,
                null, null, null, null, null, null, null, null, null, null, null, null, null, LIST.size(), digest, null,
                null, null);
    }

    static List<Mapping> mappings(int count) {
        List<Mapping> mappings = new ArrayList<>(count);
        for (long i = 0; i < count; i++) {
            long start = 0x7f0000000000L + i * 0x2000;
            mappings.add(Mapping.of(start, start + 0x1000, i % 2 == 0 ? "rw-p" : "r--p", 0, "00:00", 0, ""));
        }
        return mappings;
    }
}
