package io.memfleet.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import io.memfleet.common.metrics.MetricsServer;
import io.memfleet.testkit.metrics.Promtool;
import io.memfleet.testkit.metrics.Scrape;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The bridge's counts, read at scrape time, served over HTTP in text promtool accepts. */
@Timeout(30)
class AlertsMetricsTest {

    @Test
    void shouldServeTheBridgesCountsAsTheyMove() {
        AtomicReference<AlertsBridge.Stats> stats = new AtomicReference<>(new AlertsBridge.Stats(0, 0, 0, 0, 0, 0, 0));
        try (MetricsServer server = MetricsServer.start("127.0.0.1", 0, AlertsMetrics.of(stats::get), "test")) {
            Scrape before = Scrape.of(server.url());
            assertThat(before.value("memfleet_alerts_delivered_total")).hasValue(0);

            stats.set(new AlertsBridge.Stats(3, 7, 1, 2, 5, 4, 6));
            Scrape after = Scrape.of(server.url());
            assertThat(after.value("memfleet_alerts_delivered_total")).hasValue(7);
            assertThat(after.value("memfleet_alerts_rejected_total")).hasValue(1);
            assertThat(after.value("memfleet_alerts_malformed_records_total")).hasValue(2);
            assertThat(after.value("memfleet_alerts_retries_total")).hasValue(5);
            assertThat(after.value("memfleet_alerts_resent_total")).hasValue(4);
            assertThat(after.value("memfleet_alerts_firing")).hasValue(6);
            assertThat(after.value("memfleet_alerts_assigned_partitions")).hasValue(3);
            assertThat(after.value("process_resident_memory_bytes").getAsDouble()).isPositive();
            Promtool.assertValid(after.text());
        }
    }
}
