package io.memfleet.aggregator;

import static io.memfleet.aggregator.AggregatorCluster.encode;
import static io.memfleet.aggregator.AggregatorCluster.get;
import static io.memfleet.aggregator.AggregatorCluster.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.memfleet.testkit.TestKafka;
import io.memfleet.testkit.WithKafka;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two aggregator instances with one application id share the hosts, and either answers for any
 * host by forwarding to the owner; when one is stopped the other takes over and still answers.
 */
@WithKafka
class ScaleOutIT {

    @Test
    @Timeout(240)
    void shouldAnswerForEveryHostFromEitherInstanceAndSurviveLosingOne(TestKafka kafka, @TempDir Path dir)
            throws Exception {
        TopicSetup.ensureTopics(kafka.admin(), 3, (short) -1);
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<String> hostIds = IntStream.range(0, 12).mapToObj(i -> "scale-" + run + "-" + i).toList();
        AggregatorCluster.produce(kafka, hostIds, 5, System.currentTimeMillis());
        String applicationId = "it-scale-" + run;

        try (Aggregator first = AggregatorCluster.start(kafka, applicationId, dir.resolve("a"))) {
            Aggregator second = AggregatorCluster.start(kafka, applicationId, dir.resolve("b"));
            try {
                List<Aggregator> both = List.of(first, second);
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                        .until(() -> everyInstanceListsAll(both, hostIds) && eachOwnsSome(both, hostIds));

                assertPagesAddUp(first);
                for (Aggregator instance : both) {
                    for (String hostId : hostIds) {
                        HttpResponse<String> history = get(instance.httpUrl() + "/api/hosts/" + encode(hostId)
                                + "/processes/10/history?fields=vmRssKb&from="
                                + java.time.Instant.now().minus(Duration.ofMinutes(10)), false);
                        assertThat(history.statusCode()).as(history.body()).isEqualTo(200);
                        assertThat(json(history).get("points")).hasSize(5);
                    }
                }
            } finally {
                second.close();
            }
            // The survivor takes over the stopped instance's partitions and answers for every host.
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                    .until(() -> localHosts(first).containsAll(hostIds));
            for (String hostId : hostIds) {
                HttpResponse<String> processes = get(first.httpUrl() + "/api/hosts/" + encode(hostId) + "/processes",
                        false);
                assertThat(processes.statusCode()).as(processes.body()).isEqualTo(200);
                assertThat(json(processes).get(0).get("vmRssKb").asLong()).isEqualTo(1_004);
            }
        }
    }

    /**
     * Pages of 5 from one instance, each merged from both, walk every host of the unpaged list in id
     * order (other tests' hosts on the shared topic may still be arriving: more is fine, fewer not).
     */
    private static void assertPagesAddUp(Aggregator instance) throws Exception {
        List<String> all = new java.util.ArrayList<>();
        json(get(instance.httpUrl() + "/api/hosts", false)).forEach(host -> all.add(host.get("hostId").asText()));
        List<String> paged = new java.util.ArrayList<>();
        String after = "";
        while (true) {
            JsonNode page = json(get(instance.httpUrl() + "/api/hosts?limit=5&after=" + encode(after), false));
            assertThat(page.size()).isLessThanOrEqualTo(5);
            if (page.isEmpty()) {
                break;
            }
            page.forEach(host -> paged.add(host.get("hostId").asText()));
            after = paged.get(paged.size() - 1);
        }
        assertThat(paged).containsAll(all).isSorted().doesNotHaveDuplicates();
    }

    private static boolean everyInstanceListsAll(List<Aggregator> instances, List<String> hostIds) throws Exception {
        for (Aggregator instance : instances) {
            HttpResponse<String> response = get(instance.httpUrl() + "/api/hosts", false);
            if (response.statusCode() != 200 || !ids(json(response)).containsAll(hostIds)) {
                return false;
            }
        }
        return true;
    }

    private static boolean eachOwnsSome(List<Aggregator> instances, List<String> hostIds) throws Exception {
        for (Aggregator instance : instances) {
            Set<String> local = localHosts(instance);
            local.retainAll(hostIds);
            if (local.isEmpty()) {
                return false;
            }
        }
        return true;
    }

    private static Set<String> localHosts(Aggregator instance) throws Exception {
        HttpResponse<String> response = get(instance.httpUrl() + "/api/hosts", true);
        return response.statusCode() == 200 ? ids(json(response)) : new HashSet<>();
    }

    private static Set<String> ids(JsonNode hosts) {
        Set<String> ids = new HashSet<>();
        hosts.forEach(host -> ids.add(host.get("hostId").asText()));
        return ids;
    }
}
