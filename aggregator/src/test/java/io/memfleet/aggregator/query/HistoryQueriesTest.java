package io.memfleet.aggregator.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.memfleet.aggregator.topology.MemoryField;
import io.memfleet.aggregator.topology.MemoryPointFixtures;
import io.memfleet.aggregator.topology.ProcessState;
import io.memfleet.aggregator.topology.Rollup;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.Test;

/** The pure parts of history answers: thinning to maxPoints, and which process a reused pid means. */
class HistoryQueriesTest {

    @Test
    void shouldChooseABucketWidthThatFitsMaxPoints() {
        assertThat(HistoryQueries.bucketWidth(0, 86_399_999, 1_000, 1)).as("a day in 1,000 points").isEqualTo(120_000);
        assertThat(HistoryQueries.bucketWidth(0, 86_399_999, 100, 300_000)).isEqualTo(900_000);
        assertThat(HistoryQueries.bucketWidth(0, 1_000, 1_000, 300_000)).isEqualTo(300_000);
        assertThat(HistoryQueries.bucketWidth(0, 599_999, 10, 1)).as("10 minutes in 10 points").isEqualTo(60_000);
        assertThat(HistoryQueries.bucketWidth(0, 30L * 86_400_000, 10, 300_000)).isEqualTo(4L * 86_400_000);
    }

    @Test
    void shouldMergeNeighboursIntoMinMaxAvgBuckets() throws Exception {
        List<KeyValue<Long, Rollup>> samples = new ArrayList<>();
        long[] rss = {100, 300, 200, 400};
        for (int i = 0; i < rss.length; i++) {
            samples.add(KeyValue.pair(i * 10_000L, Rollup.of(io.memfleet.aggregator.topology.MemoryPointFixtures
                    .rss(rss[i]))));
        }

        HistoryPoints points = HistoryQueries.thin(samples, 0, 20_000, List.of(MemoryField.VM_RSS_KB));

        assertThat(points.size()).isEqualTo(2);
        assertThat(json(points)).isEqualTo("[{\"t\":\"1970-01-01T00:00:00Z\",\"samples\":2,"
                + "\"vmRssKb\":{\"min\":100,\"max\":300,\"avg\":200.0}},"
                + "{\"t\":\"1970-01-01T00:00:20Z\",\"samples\":2,\"vmRssKb\":{\"min\":200,\"max\":400,\"avg\":300.0}}]");
    }

    @Test
    void shouldWriteRawPointsWithTheFieldsAskedForAndAvgToOneDecimal() throws Exception {
        // A field asked for that a sample lacks is left out of its point, as before.
        HistoryPoints raw = HistoryPoints.raw(List.of(MemoryField.VM_RSS_KB, MemoryField.VM_SWAP_KB), 1)
                .add(1_700_000_000_000L, MemoryPointFixtures.rss(5_000))
                .add(1_700_000_010_000L, MemoryPointFixtures.rssWithoutSwap(0));
        assertThat(json(raw)).isEqualTo("[{\"t\":\"2023-11-14T22:13:20Z\",\"vmRssKb\":5000,\"vmSwapKb\":0},"
                + "{\"t\":\"2023-11-14T22:13:30Z\",\"vmRssKb\":0}]");

        Rollup thirds = Rollup.of(MemoryPointFixtures.rss(1)).merge(Rollup.of(MemoryPointFixtures.rss(1)))
                .merge(Rollup.of(MemoryPointFixtures.rss(2)));
        assertThat(json(HistoryPoints.buckets(List.of(MemoryField.VM_RSS_KB), 1).add(0, thirds)))
                .contains("\"avg\":1.3}");
    }

    private static String json(HistoryPoints points) throws Exception {
        return io.memfleet.schema.codec.JsonCodec.newMapper().writeValueAsString(points);
    }

    @Test
    void shouldPickTheProcessAliveAtTheTimeWhenAPidWasReused() {
        ProcessState old = ProcessStates.of(100, 1_000, 5_000L);
        ProcessState current = ProcessStates.of(900, 6_000, null);
        List<ProcessState> samePid = List.of(old, current);

        assertThat(ProcessMatch.pick(samePid, null, 2_000)).contains(old);
        assertThat(ProcessMatch.pick(samePid, null, 7_000)).contains(current);
        assertThat(ProcessMatch.pick(samePid, null, 5_500)).as("between the two: the last that started").contains(old);
        assertThat(ProcessMatch.pick(samePid, 900L, 2_000)).as("startTime= chooses").contains(current);
        assertThat(ProcessMatch.pick(samePid, null, 500)).isEqualTo(Optional.empty());
    }
}
