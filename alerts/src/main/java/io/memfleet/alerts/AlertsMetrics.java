package io.memfleet.alerts;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.instrumentation.jvm.JvmMemoryMetrics;
import io.prometheus.metrics.instrumentation.jvm.ProcessMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.function.Supplier;

/**
 * The alerts bridge's counts as Prometheus metrics, read from its {@link AlertsBridge.Stats} at
 * scrape time: what was delivered, rejected, skipped as malformed, retried and re-sent.
 */
final class AlertsMetrics {

    private AlertsMetrics() {
    }

    static PrometheusRegistry of(Supplier<AlertsBridge.Stats> stats) {
        PrometheusRegistry registry = new PrometheusRegistry();
        counter(registry, "memfleet_alerts_delivered_total",
                "Alerts Alertmanager accepted (new FIRING and RESOLVED events, not re-sends).",
                () -> stats.get().delivered());
        counter(registry, "memfleet_alerts_rejected_total",
                "Alerts Alertmanager answered 400/413/422: skipped, not retried.", () -> stats.get().rejected());
        counter(registry, "memfleet_alerts_malformed_records_total",
                "Records of the anomaly topic that could not be read as an anomaly, skipped.",
                () -> stats.get().malformed());
        counter(registry, "memfleet_alerts_retries_total",
                "Attempts to post a batch that no Alertmanager took; the batch is retried with back-off.",
                () -> stats.get().retries());
        counter(registry, "memfleet_alerts_resent_total",
                "Firing alerts sent again so Alertmanager does not expire them (every resend.interval.ms).",
                () -> stats.get().resent());
        GaugeWithCallback.builder().name("memfleet_alerts_firing")
                .help("Alerts this bridge holds as firing.").callback(cb -> cb.call(stats.get().firing()))
                .register(registry);
        GaugeWithCallback.builder().name("memfleet_alerts_assigned_partitions")
                .help("Partitions of the anomaly topic assigned to this bridge.")
                .callback(cb -> cb.call(stats.get().partitions())).register(registry);
        ProcessMetrics.builder().register(registry);
        JvmMemoryMetrics.builder().register(registry);
        return registry;
    }

    private static void counter(PrometheusRegistry registry, String name, String help, Supplier<Long> value) {
        CounterWithCallback.builder().name(name).help(help).callback(cb -> cb.call(value.get())).register(registry);
    }
}
