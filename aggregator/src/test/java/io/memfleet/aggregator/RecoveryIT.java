package io.memfleet.aggregator;

import static io.memfleet.aggregator.AggregatorCluster.encode;
import static io.memfleet.aggregator.AggregatorCluster.get;
import static io.memfleet.aggregator.AggregatorCluster.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.memfleet.testkit.TestKafka;
import io.memfleet.testkit.WithKafka;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly once across restarts: an aggregator stopped and started again, on its own state
 * directory or on an empty one (state rebuilt from the changelog topics), answers with the same
 * history, no sample lost or counted twice, and goes on folding new samples.
 */
@WithKafka
class RecoveryIT {

    @Test
    @Timeout(240)
    void shouldKeepHistoryExactlyAcrossRestartsOnTheSameAndOnAnEmptyStateDirectory(TestKafka kafka, @TempDir Path dir)
            throws Exception {
        TopicSetup.ensureTopics(kafka.admin(), 3, (short) -1);
        String hostId = "recovery-" + UUID.randomUUID();
        String applicationId = "it-recovery-" + UUID.randomUUID();
        long now = System.currentTimeMillis();
        AggregatorCluster.produce(kafka, List.of(hostId), 20, now);
        String history = "/api/hosts/" + encode(hostId) + "/processes/10/history?fields=vmRssKb&from="
                + Instant.ofEpochMilli(now - 3_600_000);

        String before;
        try (Aggregator aggregator = AggregatorCluster.start(kafka, applicationId, dir.resolve("state"))) {
            before = awaitPoints(aggregator, history, 20);
        }

        try (Aggregator sameDir = AggregatorCluster.start(kafka, applicationId, dir.resolve("state"))) {
            assertThat(awaitPoints(sameDir, history, 20)).as("restarted on its own state").isEqualTo(before);
        }

        try (Aggregator emptyDir = AggregatorCluster.start(kafka, applicationId, dir.resolve("elsewhere"))) {
            assertThat(awaitPoints(emptyDir, history, 20)).as("rebuilt from the changelog").isEqualTo(before);
            HttpResponse<String> host = get(emptyDir.httpUrl() + "/api/hosts/" + encode(hostId), false);
            assertThat(json(host).get("samplesLost").asLong()).isZero();
            assertThat(json(host).get("duplicatesDropped").asLong()).as("nothing folded twice").isZero();
        }
    }

    private static String awaitPoints(Aggregator aggregator, String path, int points) {
        String[] body = new String[1];
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(300)).until(() -> {
            HttpResponse<String> response = get(aggregator.httpUrl() + path, false);
            boolean complete = response.statusCode() == 200 && json(response).get("points").size() == points;
            if (complete) {
                body[0] = json(response).get("points").toString(); // "to" defaults to now: compare the points
            }
            return complete;
        });
        return body[0];
    }
}
