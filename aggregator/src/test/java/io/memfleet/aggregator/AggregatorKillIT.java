package io.memfleet.aggregator;

import static io.memfleet.aggregator.AggregatorCluster.encode;
import static io.memfleet.aggregator.AggregatorCluster.get;
import static io.memfleet.aggregator.AggregatorCluster.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.memfleet.schema.Anomaly;
import io.memfleet.schema.AnomalyStatus;
import io.memfleet.schema.codec.WireFormat;
import io.memfleet.schema.kafka.AnomalySerde;
import io.memfleet.schema.kafka.Topics;
import io.memfleet.testkit.TestKafka;
import io.memfleet.testkit.WithKafka;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The aggregator as a process of its own, killed with SIGKILL (no shutdown hook, no closed stores,
 * an open transaction left behind) while samples keep arriving, then started again: on its own state
 * directory, then on an empty one. Exactly once means no sample's history is lost or folded twice and
 * no anomaly is published twice; and it answers again within {@link #RECOVERY_BOUND}.
 *
 * <p>And two instances, one killed: the survivor takes over the dead one's hosts once the group
 * notices (the session timeout, 6 s here) and answers for every host.
 */
@WithKafka
class AggregatorKillIT {

    /**
     * From starting the JVM to {@code /healthz} 200 and to a history answer holding every sample
     * published before the kill. Measured on 2 shared cores at load 6–9 (see
     * docs/reliability.md): about 20 s on the same state directory, 30 s on an empty one.
     */
    static final Duration RECOVERY_BOUND = Duration.ofSeconds(90);
    /** From SIGKILL of one of two instances until the other answers for all hosts from its own stores. */
    static final Duration TAKEOVER_BOUND = Duration.ofSeconds(60);

    private static final int PROCESSES = 4;
    private static final long INTERVAL_MS = 200;

    @Test
    @Timeout(480)
    void shouldLoseNoHistoryAndPublishNoAnomalyTwiceWhenKilledWithSigkillMidStream(TestKafka kafka,
                                                                                     @TempDir Path dir)
            throws Exception {
        TopicSetup.ensureTopics(kafka.admin(), 3, (short) -1);
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<String> hostIds = IntStream.range(0, 6).mapToObj(i -> "kill-" + run + "-" + i).toList();
        String applicationId = "it-kill-" + run;
        Path log = dir.resolve("aggregator.log");
        List<String> timings = new ArrayList<>();

        int passes;
        try (SyntheticStream stream = new SyntheticStream(kafka.bootstrapServers(), hostIds, PROCESSES, INTERVAL_MS)) {
            try (AggregatorProcess first = AggregatorProcess.start(kafka, applicationId, dir.resolve("state"), log,
                    Map.of())) {
                await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500))
                        .until(() -> answersForAll(first, hostIds));
                Thread.sleep(3_000); // folding a stream, transactions open
                first.kill();
            }
            AggregatorProcess sameDir = restart(kafka, applicationId, dir.resolve("state"), log, hostIds, stream,
                    "same state directory", timings);
            Thread.sleep(3_000);
            sameDir.kill();
            try (AggregatorProcess emptyDir = restart(kafka, applicationId, dir.resolve("fresh"), log, hostIds, stream,
                    "empty state directory", timings)) {
                Thread.sleep(3_000);
                passes = stream.stop();
                long lastSeq = stream.lastSeq(passes);
                await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500))
                        .until(() -> foldedUpTo(emptyDir, hostIds, lastSeq));

                for (String hostId : hostIds) {
                    JsonNode host = json(get(emptyDir.httpUrl() + "/api/hosts/" + encode(hostId), false));
                    assertThat(host.get("samplesLost").asLong()).as("%s lost", hostId).isZero();
                    assertThat(host.get("duplicatesDropped").asLong()).as("%s folded twice", hostId).isZero();
                    assertThat(host.get("collectorRestarts").asLong()).as("%s", hostId).isZero();
                    for (int i = 0; i < PROCESSES; i++) {
                        int pid = SyntheticStream.FIRST_PID + i;
                        assertThat(history(emptyDir, hostId, pid, stream)).as("history of %s pid %d", hostId, pid)
                                .containsExactlyElementsOf(IntStream.range(0, passes)
                                        .mapToObj(pass -> SyntheticStream.vmRssKb(pid, pass)).toList());
                    }
                }
            }
        }

        Map<String, List<Anomaly>> anomalies = readAnomalies(kafka, hostIds, passes);
        for (String hostId : hostIds) {
            List<Anomaly> events = anomalies.getOrDefault(hostId, List.of());
            assertThat(events.stream().map(Anomaly::id).distinct().count()).as("anomaly ids of %s are unique: %s",
                    hostId, events).isEqualTo(events.size());
            assertThat(events.stream().filter(a -> a.status() == AnomalyStatus.FIRING).count()).as("FIRING of %s",
                    hostId).isEqualTo(SyntheticStream.firings(passes));
            assertThat(events.stream().filter(a -> a.status() == AnomalyStatus.RESOLVED).count()).as("RESOLVED of %s",
                    hostId).isEqualTo(SyntheticStream.resolutions(passes));
        }
        System.out.printf("AggregatorKillIT: %d hosts x %d processes every %d ms, %d passes, %d anomaly events "
                        + "each; SIGKILL and restart:%n%s%n", hostIds.size(), PROCESSES, INTERVAL_MS, passes,
                SyntheticStream.firings(passes) + SyntheticStream.resolutions(passes), String.join("\n", timings));
    }

    @Test
    @Timeout(360)
    void shouldTakeOverTheHostsOfAnInstanceKilledWithSigkill(TestKafka kafka, @TempDir Path dir) throws Exception {
        TopicSetup.ensureTopics(kafka.admin(), 3, (short) -1);
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<String> hostIds = IntStream.range(0, 12).mapToObj(i -> "takeover-" + run + "-" + i).toList();
        AggregatorCluster.produce(kafka, hostIds, 5, System.currentTimeMillis());
        String applicationId = "it-takeover-" + run;

        try (Aggregator survivor = AggregatorCluster.start(kafka, applicationId, dir.resolve("a"));
             AggregatorProcess victim = AggregatorProcess.start(kafka, applicationId, dir.resolve("b"),
                     dir.resolve("victim.log"), Map.of())) {
            await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500))
                    .until(() -> localHosts(victim.httpUrl()).stream().anyMatch(hostIds::contains)
                            && localHosts(survivor.httpUrl()).stream().anyMatch(hostIds::contains)
                            && answersForAll(survivor.httpUrl(), hostIds));
            Set<String> victims = localHosts(victim.httpUrl());
            victims.retainAll(hostIds);

            long killedAt = System.nanoTime();
            victim.kill();
            await().atMost(TAKEOVER_BOUND.plusSeconds(60)).pollInterval(Duration.ofMillis(250))
                    .until(() -> localHosts(survivor.httpUrl()).containsAll(hostIds));
            Duration takeover = Duration.ofNanos(System.nanoTime() - killedAt);
            for (String hostId : hostIds) {
                HttpResponse<String> processes = get(survivor.httpUrl() + "/api/hosts/" + encode(hostId)
                        + "/processes", false);
                assertThat(processes.statusCode()).as(processes.body()).isEqualTo(200);
                assertThat(json(processes).get(0).get("vmRssKb").asLong()).isEqualTo(1_004);
            }
            System.out.printf("AggregatorKillIT: the survivor took over %d of %d hosts %.1f s after SIGKILL%n",
                    victims.size(), hostIds.size(), takeover.toMillis() / 1000.0);
            assertThat(takeover).as("SIGKILL to answering for every host").isLessThan(TAKEOVER_BOUND);
        }
    }

    /** Starts it again and measures until it is healthy and until it answers with what came before the kill. */
    private static AggregatorProcess restart(TestKafka kafka, String applicationId, Path stateDir, Path log,
                                             List<String> hostIds, SyntheticStream stream, String what,
                                             List<String> timings) throws InterruptedException {
        int passesAtKill = stream.passes();
        AggregatorProcess aggregator = AggregatorProcess.start(kafka, applicationId, stateDir, log, Map.of());
        try {
            measureRecovery(aggregator, hostIds, stream, passesAtKill, what, timings);
            return aggregator;
        } catch (RuntimeException | Error e) {
            aggregator.kill();
            throw e;
        }
    }

    private static void measureRecovery(AggregatorProcess aggregator, List<String> hostIds, SyntheticStream stream,
                                        int passesAtKill, String what, List<String> timings) {
        Duration[] healthy = new Duration[1];
        await().atMost(RECOVERY_BOUND.plusSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> {
            if (healthy[0] == null && aggregator.healthy()) {
                healthy[0] = aggregator.sinceStart();
            }
            return healthy[0] != null && history(aggregator, hostIds.get(0), SyntheticStream.FIRST_PID, stream).size()
                    >= passesAtKill;
        });
        Duration answered = aggregator.sinceStart();
        timings.add(String.format("  %-22s /healthz 200 after %5.1f s, complete history after %5.1f s",
                what + ":", healthy[0].toMillis() / 1000.0, answered.toMillis() / 1000.0));
        assertThat(answered).as("restart on %s to a complete answer; log:%n%s", what, aggregator.log())
                .isLessThan(RECOVERY_BOUND);
    }

    /** The vmRssKb of every raw history point of the process, oldest first; empty while not answerable. */
    private static List<Long> history(AggregatorProcess aggregator, String hostId, int pid, SyntheticStream stream)
            throws Exception {
        HttpResponse<String> response = get(aggregator.httpUrl() + "/api/hosts/" + encode(hostId) + "/processes/"
                + pid + "/history?fields=vmRssKb&maxPoints=10000&from="
                + Instant.ofEpochMilli(stream.start() - 60_000), false);
        List<Long> values = new ArrayList<>();
        if (response.statusCode() == 200) {
            json(response).get("points").forEach(point -> values.add(point.get("vmRssKb").asLong()));
        }
        return values;
    }

    private static boolean answersForAll(AggregatorProcess aggregator, List<String> hostIds) throws Exception {
        return aggregator.healthy() && answersForAll(aggregator.httpUrl(), hostIds);
    }

    private static boolean answersForAll(String url, List<String> hostIds) throws Exception {
        for (String hostId : hostIds) {
            if (get(url + "/api/hosts/" + encode(hostId), false).statusCode() != 200) {
                return false;
            }
        }
        return true;
    }

    private static boolean foldedUpTo(AggregatorProcess aggregator, List<String> hostIds, long lastSeq)
            throws Exception {
        for (String hostId : hostIds) {
            HttpResponse<String> response = get(aggregator.httpUrl() + "/api/hosts/" + encode(hostId), false);
            if (response.statusCode() != 200 || json(response).get("lastSeq").asLong() < lastSeq) {
                return false;
            }
        }
        return true;
    }

    private static Set<String> localHosts(String url) {
        Set<String> ids = new HashSet<>();
        try {
            HttpResponse<String> response = get(url + "/api/hosts", true);
            if (response.statusCode() == 200) {
                json(response).forEach(host -> ids.add(host.get("hostId").asText()));
            }
        } catch (Exception e) {
            // not answering (yet, or any more)
        }
        return ids;
    }

    /** Every committed anomaly of these hosts, read until each has its expected count and then 3 s more. */
    private static Map<String, List<Anomaly>> readAnomalies(TestKafka kafka, List<String> hostIds, int passes) {
        int expected = SyntheticStream.firings(passes) + SyntheticStream.resolutions(passes);
        Map<String, List<Anomaly>> byHost = new HashMap<>();
        try (KafkaConsumer<String, Anomaly> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), new AnomalySerde(WireFormat.JSON).deserializer())) {
            consumer.subscribe(List.of(Topics.ANOMALIES));
            long deadline = System.currentTimeMillis() + 60_000;
            long quietUntil = Long.MAX_VALUE;
            while (System.currentTimeMillis() < Math.min(deadline, quietUntil)) {
                for (ConsumerRecord<String, Anomaly> record : consumer.poll(Duration.ofMillis(200))) {
                    if (hostIds.contains(record.key())) {
                        byHost.computeIfAbsent(record.key(), k -> new ArrayList<>()).add(record.value());
                    }
                }
                if (quietUntil == Long.MAX_VALUE && hostIds.stream()
                        .allMatch(h -> byHost.getOrDefault(h, List.of()).size() >= expected)) {
                    quietUntil = System.currentTimeMillis() + 3_000; // a duplicate would come right behind
                }
            }
        }
        return byHost;
    }
}
