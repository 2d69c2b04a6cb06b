package io.memfleet.collector.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.memfleet.collector.publish.SamplePublisher;
import io.memfleet.collector.publish.Spool;
import io.memfleet.collector.sample.PassSummary;
import io.memfleet.common.metrics.MetricsServer;
import io.memfleet.common.metrics.PrometheusText;
import io.memfleet.schema.HostHeartbeat;
import io.memfleet.schema.ProcessExit;
import io.memfleet.schema.codec.WireFormat;
import io.memfleet.testkit.metrics.Promtool;
import io.memfleet.testkit.metrics.Scrape;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each collector metric against its source: a pass handed over, records spooled through a real
 * publisher (its broker unreachable, so they stay spooled), the JVM's own; and the whole exposition
 * through promtool.
 */
@Timeout(60)
class CollectorMetricsTest {

    @TempDir
    Path dir;

    private SamplePublisher publisher;
    private CollectorMetrics metrics;

    @BeforeEach
    void setUp() throws Exception {
        // Nothing listens on port 1: records wait in the spool; a short max.block.ms keeps close() quick.
        publisher = new SamplePublisher(SamplePublisher.producerConfig("127.0.0.1:1", "metrics-test",
                Map.of("max.block.ms", 200)), WireFormat.JSON, new Spool(dir.resolve("spool"), 1024 * 1024));
        metrics = CollectorMetrics.create(publisher, 1024 * 1024, "1.2.3", "host-a");
    }

    @AfterEach
    void tearDown() {
        publisher.close(Duration.ofMillis(100));
    }

    private Scrape scrape() {
        return Scrape.parse(new String(PrometheusText.scrape(metrics.registry()), StandardCharsets.UTF_8));
    }

    @Test
    void shouldCountPassesAndProcessesByOutcome() {
        metrics.passCompleted(new PassSummary(1_000, 40, 3, 2, 1, 41), 120, 1_796_000_000_000L);
        metrics.passCompleted(new PassSummary(11_000, 42, 4, 0, 0, 42), 80, 1_796_000_010_000L);

        Scrape scrape = scrape();
        assertThat(scrape.value("memfleet_collector_passes_total")).hasValue(2);
        assertThat(scrape.value("memfleet_collector_pass_duration_seconds_count")).hasValue(2);
        assertThat(scrape.value("memfleet_collector_pass_duration_seconds_sum").getAsDouble()).isCloseTo(0.2,
                org.assertj.core.data.Offset.offset(1e-9));
        assertThat(scrape.value("memfleet_collector_pass_duration_seconds_bucket", "le", "0.1")).hasValue(1);
        assertThat(scrape.value("memfleet_collector_processes_sampled_total")).hasValue(82);
        assertThat(scrape.value("memfleet_collector_processes_skipped_total", "reason", "unreadable")).hasValue(7);
        assertThat(scrape.value("memfleet_collector_processes_skipped_total", "reason", "vanished")).hasValue(2);
        assertThat(scrape.value("memfleet_collector_processes_skipped_total", "reason", "malformed")).hasValue(1);
        // The gauges tell the last pass only.
        assertThat(scrape.value("memfleet_collector_last_pass_processes", "outcome", "sampled")).hasValue(42);
        assertThat(scrape.value("memfleet_collector_last_pass_processes", "outcome", "unreadable")).hasValue(4);
        assertThat(scrape.value("memfleet_collector_last_pass_processes", "outcome", "vanished")).hasValue(0);
        assertThat(scrape.value("memfleet_collector_last_pass_timestamp_seconds")).hasValue(1_796_000_010.0);
        assertThat(scrape.value("memfleet_collector_info", "version", "1.2.3", "host", "host-a")).hasValue(1);
    }

    @Test
    void shouldStartSkipCountersAtZeroBeforeAnyPass() {
        Scrape scrape = scrape();
        assertThat(scrape.value("memfleet_collector_passes_total")).hasValue(0);
        assertThat(scrape.value("memfleet_collector_processes_skipped_total", "reason", "unreadable")).hasValue(0);
        assertThat(scrape.value("memfleet_collector_records_dropped_total", "reason", "spool_full")).hasValue(0);
        assertThat(scrape.value("memfleet_collector_records_dropped_total", "reason", "too_large")).hasValue(0);
        assertThat(scrape.value("memfleet_collector_records_dropped_total", "reason", "disk_full")).hasValue(0);
    }

    @Test
    void shouldCountSpooledRecordsAndBytesByTypeAndTheSpoolItself() {
        publisher.send(new ProcessExit("run", 1, "host-a", "boot", 42, 100, "sleep", 1_000));
        publisher.send(new ProcessExit("run", 2, "host-a", "boot", 43, 100, "sleep", 1_000));
        publisher.send(heartbeat(3));

        Scrape scrape = scrape();
        assertThat(scrape.value("memfleet_collector_records_produced_total", "type", "ProcessExit")).hasValue(2);
        assertThat(scrape.value("memfleet_collector_records_produced_total", "type", "HostHeartbeat")).hasValue(1);
        assertThat(scrape.value("memfleet_collector_records_produced_total", "type", "ProcessSample")).hasValue(0);
        assertThat(scrape.value("memfleet_collector_produced_bytes_total", "type", "ProcessExit")).hasValue(
                publisher.producedBytes("ProcessExit"));
        assertThat(publisher.producedBytes("ProcessExit")).isGreaterThan(100);
        // Nothing acknowledged: the broker is unreachable, so everything is still in the spool.
        assertThat(scrape.value("memfleet_collector_records_sent_total")).hasValue(0);
        assertThat(scrape.value("memfleet_collector_sent_bytes_total")).hasValue(0);
        assertThat(scrape.value("memfleet_collector_spool_records")).hasValue(3);
        assertThat(scrape.value("memfleet_collector_spool_bytes").getAsDouble()).isGreaterThan(
                publisher.producedBytes("ProcessExit") + publisher.producedBytes("HostHeartbeat"));
        assertThat(scrape.value("memfleet_collector_spool_max_bytes")).hasValue(1024 * 1024);
        assertThat(scrape.value("memfleet_collector_delivery_failures_total")).isPresent();
        assertThat(scrape.value("memfleet_collector_producer_record_errors_total")).isPresent();
        assertThat(scrape.value("memfleet_collector_producer_record_retries_total")).isPresent();
    }

    @Test
    void shouldIncludeTheProcessResidentMemory() {
        assertThat(scrape().value("process_resident_memory_bytes").getAsDouble()).isGreaterThan(1024 * 1024);
        assertThat(scrape().find("jvm_memory_used_bytes")).isNotEmpty();
    }

    @Test
    void shouldWriteTextPrometheusParsesWithoutLintProblems() {
        metrics.passCompleted(new PassSummary(1_000, 40, 3, 2, 1, 41), 120, 1_796_000_000_000L);
        publisher.send(heartbeat(1));
        Promtool.assertValid(scrape().text());
    }

    @Test
    void shouldServeOnlyGetMetricsOverHttp() throws Exception {
        try (MetricsServer server = metrics.serve("127.0.0.1", 0)) {
            assertThat(server.url()).startsWith("http://127.0.0.1:").endsWith("/metrics");
            Scrape scrape = Scrape.of(server.url());
            assertThat(scrape.value("memfleet_collector_passes_total")).hasValue(0);
            Promtool.assertValid(scrape.text());

            HttpClient http = HttpClient.newHttpClient();
            String base = server.url().replace("/metrics", "");
            assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/other")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(404);
            assertThat(http.send(HttpRequest.newBuilder(URI.create(server.url()))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(405);
        }
    }

    private static HostHeartbeat heartbeat(long seq) {
        return new HostHeartbeat("run", seq, "host-a", "host-a.example", "boot", "1.2.3", 1_000, 10_000, 40, 3, 2, 1,
                120, 0, 0, 0, 0, null);
    }
}
