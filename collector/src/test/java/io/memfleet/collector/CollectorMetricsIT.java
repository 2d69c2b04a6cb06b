package io.memfleet.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.memfleet.schema.kafka.Topics;
import io.memfleet.testkit.TestKafka;
import io.memfleet.testkit.WithKafka;
import io.memfleet.testkit.metrics.Promtool;
import io.memfleet.testkit.metrics.Scrape;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A running collector's {@code /metrics} against a real broker: the numbers move with its passes
 * and deliveries, the text passes promtool, it listens on loopback; and a collector without
 * {@code metrics.port} loads no metrics class at all.
 */
@WithKafka
class CollectorMetricsIT {

    @BeforeAll
    static void createSamplesTopic(TestKafka kafka) {
        kafka.ensureTopic(Topics.SAMPLES, 3);
    }

    @Test
    @Timeout(120)
    void shouldServeMetricsThatMoveWithPassesAndDeliveries(TestKafka kafka, @TempDir Path dir) throws Exception {
        String hostId = "it-metrics-" + UUID.randomUUID();
        Map<String, Object> settings = new HashMap<>();
        settings.put(CollectorConfig.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
        settings.put(CollectorConfig.HOST_ID, hostId);
        settings.put(CollectorConfig.SPOOL_DIR, dir.resolve("spool").toString());
        settings.put(CollectorConfig.INTERVAL_MS, "300");
        settings.put(CollectorConfig.METRICS_PORT, Integer.toString(freePort()));

        try (Collector collector = new Collector(new CollectorConfig(settings))) {
            collector.start();
            String url = collector.metricsUrl();
            assertThat(url).as("loopback unless metrics.host says otherwise").startsWith("http://127.0.0.1:");

            Scrape scrape = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> Scrape.of(url), s -> s.value("memfleet_collector_passes_total").orElse(0) >= 2
                            && s.value("memfleet_collector_records_sent_total").orElse(0) > 0);

            Promtool.assertValid(scrape.text());
            assertThat(scrape.value("memfleet_collector_pass_duration_seconds_count").getAsDouble()).isGreaterThanOrEqualTo(2);
            assertThat(scrape.value("memfleet_collector_pass_duration_seconds_sum").getAsDouble()).isPositive();
            assertThat(scrape.value("memfleet_collector_last_pass_processes", "outcome", "sampled").getAsDouble())
                    .as("this JVM at least").isGreaterThanOrEqualTo(1);
            assertThat(scrape.value("memfleet_collector_processes_sampled_total").getAsDouble())
                    .isGreaterThanOrEqualTo(2);
            assertThat(scrape.value("memfleet_collector_records_produced_total", "type", "ProcessSample").getAsDouble())
                    .isGreaterThanOrEqualTo(2);
            assertThat(scrape.value("memfleet_collector_records_produced_total", "type", "HostHeartbeat").getAsDouble())
                    .isGreaterThanOrEqualTo(2);
            assertThat(scrape.value("memfleet_collector_sent_bytes_total").getAsDouble()).isPositive();
            assertThat(scrape.value("memfleet_collector_records_dropped_total", "reason", "spool_full")).hasValue(0);
            assertThat(scrape.value("memfleet_collector_producer_record_errors_total")).hasValue(0);
            assertThat(scrape.value("memfleet_collector_info", "host", hostId)).hasValue(1);
            assertThat(scrape.value("process_resident_memory_bytes").getAsDouble()).isPositive();

            // Sent catches up with produced once the spool drains.
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                collector.stopSampling();
                Scrape drained = Scrape.of(url);
                assertThat(drained.value("memfleet_collector_spool_records")).hasValue(0);
                assertThat(drained.value("memfleet_collector_records_sent_total").getAsDouble())
                        .isEqualTo(drained.sum("memfleet_collector_records_produced_total"));
                assertThat(drained.value("memfleet_collector_sent_bytes_total").getAsDouble())
                        .isEqualTo(drained.sum("memfleet_collector_produced_bytes_total"));
            });
        }
    }

    @Test
    @Timeout(120)
    void shouldLoadNoMetricsClassWithoutAMetricsPort(TestKafka kafka, @TempDir Path dir) throws Exception {
        Path log = dir.resolve("collector.log");
        Process collector = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xlog:class+load=info", "-cp", System.getProperty("java.class.path"), CollectorMain.class.getName(),
                "--bootstrap-servers", kafka.bootstrapServers(), "--interval", "200ms",
                "--host-id", "it-no-metrics-" + UUID.randomUUID(), "--spool-dir", dir.resolve("spool").toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> Files.readString(log).contains("Pass: "));
            Thread.sleep(1_000); // a few more passes
        } finally {
            collector.destroy(); // SIGTERM: the orderly shutdown
            assertThat(collector.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
        String output = Files.readString(log);
        assertThat(output).contains("io.memfleet.collector.Collector ");
        assertThat(output.lines().filter(line -> line.contains("io.prometheus.")
                        || line.contains("io.memfleet.collector.metrics.") || line.contains("io.memfleet.common.metrics."))
                .toList()).as("classes loaded by a collector whose metrics are off").isEmpty();
    }

    @Test
    @Timeout(60)
    void shouldNameTheSettingsWhenTheMetricsPortIsTaken(TestKafka kafka, @TempDir Path dir) throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Map<String, Object> settings = new HashMap<>();
            settings.put(CollectorConfig.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
            settings.put(CollectorConfig.SPOOL_DIR, dir.resolve("spool").toString());
            settings.put(CollectorConfig.HOST_ID, "it-taken-" + UUID.randomUUID());
            settings.put(CollectorConfig.METRICS_PORT, Integer.toString(taken.getLocalPort()));
            try (Collector collector = new Collector(new CollectorConfig(settings))) {
                org.assertj.core.api.Assertions.assertThatThrownBy(collector::start)
                        .hasMessageContaining("cannot serve metrics on 127.0.0.1:" + taken.getLocalPort())
                        .hasMessageContaining("metrics.host/metrics.port");
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
