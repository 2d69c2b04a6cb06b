package io.memfleet.collector.metrics;

import io.memfleet.collector.publish.SamplePublisher;
import io.memfleet.collector.sample.PassSummary;
import io.memfleet.common.metrics.KafkaMetrics;
import io.memfleet.common.metrics.MetricsServer;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.instrumentation.jvm.JvmGarbageCollectorMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmMemoryMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmRuntimeInfoMetric;
import io.prometheus.metrics.instrumentation.jvm.ProcessMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * The collector's Prometheus metrics. Made only when {@code metrics.port} is set, so a collector
 * without metrics loads none of the library. Most values are read at scrape time from the counters
 * the collector keeps anyway (the publisher's, the Kafka producer's own); what only a pass knows is
 * handed over by {@link #passCompleted}.
 */
public final class CollectorMetrics {

    /** Pass durations: tens of milliseconds on a quiet host, seconds on a host of 100,000 mappings. */
    private static final double[] PASS_BUCKETS = {0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30};
    private static final String PRODUCER_GROUP = "producer-metrics";

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Counter passes;
    private final Histogram passDuration;
    private final Gauge lastPassProcesses;
    private final Gauge lastPassAt;
    private final Counter sampled;
    private final Counter skipped;

    private CollectorMetrics(SamplePublisher publisher, long spoolMaxBytes, String version, String hostId) {
        passes = Counter.builder().name("memfleet_collector_passes_total")
                .help("Sampling passes completed.").register(registry);
        passDuration = Histogram.builder().name("memfleet_collector_pass_duration_seconds")
                .help("Time a pass took to read procfs and spool its records.")
                .classicOnly().classicUpperBounds(PASS_BUCKETS).register(registry);
        lastPassProcesses = Gauge.builder().name("memfleet_collector_last_pass_processes")
                .help("Processes of the last pass by outcome: sampled, or skipped as unreadable (no permission), "
                        + "vanished (exited mid-read) or malformed (unparseable procfs).")
                .labelNames("outcome").register(registry);
        lastPassAt = Gauge.builder().name("memfleet_collector_last_pass_timestamp_seconds")
                .help("When the last pass completed, seconds since the epoch.").register(registry);
        sampled = Counter.builder().name("memfleet_collector_processes_sampled_total")
                .help("Processes sampled, summed over passes.").register(registry);
        skipped = Counter.builder().name("memfleet_collector_processes_skipped_total")
                .help("Processes a pass could not sample, by reason: unreadable, vanished, malformed.")
                .labelNames("reason").register(registry);
        for (String reason : new String[] {"unreadable", "vanished", "malformed"}) {
            skipped.labelValues(reason); // present at 0 before the first skip, so rate() has a start
        }

        CounterWithCallback.builder().name("memfleet_collector_records_produced_total")
                .help("Records serialized into the spool for sending, by record type.").labelNames("type")
                .callback(cb -> SamplePublisher.RECORD_TYPES.forEach(type -> cb.call(publisher.produced(type), type)))
                .register(registry);
        CounterWithCallback.builder().name("memfleet_collector_produced_bytes_total")
                .help("Value bytes of those records, before compression, by record type.").labelNames("type")
                .callback(cb -> SamplePublisher.RECORD_TYPES.forEach(
                        type -> cb.call(publisher.producedBytes(type), type)))
                .register(registry);
        CounterWithCallback.builder().name("memfleet_collector_records_sent_total")
                .help("Records Kafka acknowledged.").callback(cb -> cb.call(publisher.acknowledged()))
                .register(registry);
        CounterWithCallback.builder().name("memfleet_collector_sent_bytes_total")
                .help("Value bytes of the records Kafka acknowledged, before compression.")
                .callback(cb -> cb.call(publisher.acknowledgedBytes())).register(registry);
        CounterWithCallback.builder().name("memfleet_collector_records_dropped_total")
                .help("Records lost for good, by reason: spool_full (the oldest, at spool.max.bytes), too_large "
                        + "(rejected by Kafka), disk_full (the spool's file system was full).").labelNames("reason")
                .callback(cb -> {
                    cb.call(publisher.droppedSpoolFull(), "spool_full");
                    cb.call(publisher.droppedTooLarge(), "too_large");
                    cb.call(publisher.droppedDiskFull(), "disk_full");
                }).register(registry);
        GaugeWithCallback.builder().name("memfleet_collector_spool_bytes")
                .help("Size of the spool's files: records not yet acknowledged by Kafka.")
                .callback(cb -> cb.call(publisher.spoolBytes())).register(registry);
        GaugeWithCallback.builder().name("memfleet_collector_spool_records")
                .help("Records in the spool, not yet acknowledged by Kafka.")
                .callback(cb -> cb.call(publisher.pending())).register(registry);
        GaugeWithCallback.builder().name("memfleet_collector_spool_max_bytes")
                .help("The spool's cap (spool.max.bytes); at it the oldest records are dropped.")
                .callback(cb -> cb.call(spoolMaxBytes)).register(registry);
        CounterWithCallback.builder().name("memfleet_collector_delivery_failures_total")
                .help("Batches Kafka did not accept in time; their records stay spooled and are sent again.")
                .callback(cb -> cb.call(publisher.failedAttempts())).register(registry);
        CounterWithCallback.builder().name("memfleet_collector_producer_record_errors_total")
                .help("Record sends that ended in an error, as the Kafka producer counts them (record-error-total).")
                .callback(cb -> cb.call(KafkaMetrics.sum(publisher.producerMetrics(), PRODUCER_GROUP,
                        "record-error-total"))).register(registry);
        CounterWithCallback.builder().name("memfleet_collector_producer_record_retries_total")
                .help("Record sends the Kafka producer retried (record-retry-total).")
                .callback(cb -> cb.call(KafkaMetrics.sum(publisher.producerMetrics(), PRODUCER_GROUP,
                        "record-retry-total"))).register(registry);
        GaugeWithCallback.builder().name("memfleet_collector_info")
                .help("Always 1: the collector's version and host id.").labelNames("version", "host")
                .callback(cb -> cb.call(1, version, hostId)).register(registry);

        // The JVM's own numbers that matter for a small agent: its RSS and CPU, heap and GC. Not the
        // full JvmMetrics set: thread dumps and native-memory tracking cost more than they tell here.
        ProcessMetrics.builder().register(registry);
        JvmMemoryMetrics.builder().register(registry);
        JvmGarbageCollectorMetrics.builder().register(registry);
        JvmRuntimeInfoMetric.builder().register(registry);
    }

    /** The metrics of a collector publishing through {@code publisher}. */
    public static CollectorMetrics create(SamplePublisher publisher, long spoolMaxBytes, String version,
                                          String hostId) {
        return new CollectorMetrics(publisher, spoolMaxBytes, version, hostId);
    }

    /** Serves them at {@code http://host:port/metrics}. */
    public MetricsServer serve(String host, int port) {
        return MetricsServer.start(host, port, registry, "metrics.host/metrics.port");
    }

    public PrometheusRegistry registry() {
        return registry;
    }

    /** Counts a pass that took {@code durationMs} and completed at {@code completedAt} (epoch ms). */
    public void passCompleted(PassSummary pass, long durationMs, long completedAt) {
        passes.inc();
        passDuration.observe(durationMs / 1000.0);
        lastPassAt.set(completedAt / 1000.0);
        lastPassProcesses.labelValues("sampled").set(pass.processesSeen());
        lastPassProcesses.labelValues("unreadable").set(pass.processesUnreadable());
        lastPassProcesses.labelValues("vanished").set(pass.processesVanished());
        lastPassProcesses.labelValues("malformed").set(pass.processesMalformed());
        sampled.inc(pass.processesSeen());
        skipped.labelValues("unreadable").inc(pass.processesUnreadable());
        skipped.labelValues("vanished").inc(pass.processesVanished());
        skipped.labelValues("malformed").inc(pass.processesMalformed());
    }
}
