package io.memfleet.aggregator.metrics;

import io.memfleet.aggregator.errors.DeadLetterCounter;
import io.memfleet.aggregator.query.LatencyFilter;
import io.memfleet.aggregator.topology.AggregatorTopology;
import io.memfleet.aggregator.topology.HostState;
import io.memfleet.aggregator.topology.TopologyMetrics;
import io.memfleet.schema.kafka.Topics;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The aggregator's Prometheus metrics, one registry per instance, served at {@code GET /metrics} by
 * the HTTP API. What the processors count comes from {@link TopologyMetrics}; the rest is read at
 * scrape time: Kafka Streams' state and its consumer's own lag, the dead-letter count, and per host
 * what the {@code hosts} store holds (only the hosts whose partitions this instance owns, so the
 * series are bounded by the instance's share of the fleet and move with the partitions).
 */
public final class AggregatorMetrics {

    private static final String FETCH_GROUP = "consumer-fetch-manager-metrics";

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final TopologyMetrics topology;
    private final KafkaStreams streams;
    private final Histogram requestLatency;

    /**
     * @param topology      the counters the topology of {@code streams} was built with
     * @param applicationId whose dead letters to count
     */
    public AggregatorMetrics(KafkaStreams streams, TopologyMetrics topology, String applicationId, String version) {
        this.streams = streams;
        this.topology = topology.register(registry);
        DeadLetterCounter deadLetters = DeadLetterCounter.forApplication(applicationId);

        GaugeWithCallback.builder().name("memfleet_aggregator_streams_state")
                .help("1 for the Kafka Streams state this instance is in (RUNNING when it folds and answers), "
                        + "0 for the others.").labelNames("state")
                .callback(cb -> {
                    KafkaStreams.State current = streams.state();
                    for (KafkaStreams.State state : KafkaStreams.State.values()) {
                        cb.call(state == current ? 1 : 0, state.name());
                    }
                }).register(registry);
        GaugeWithCallback.builder().name("memfleet_aggregator_consumer_lag_records")
                .help("Records of " + Topics.SAMPLES + " not yet read, per partition this instance consumes "
                        + "(Kafka Streams' consumer's records-lag).").labelNames("topic", "partition")
                .callback(cb -> lagByPartition(streams.metrics()).forEach(
                        (partition, lag) -> cb.call(lag, Topics.SAMPLES, partition)))
                .register(registry);
        CounterWithCallback.builder().name("memfleet_aggregator_dead_letters_total")
                .help("Records of " + Topics.SAMPLES + " that could not be decoded and went to the dead-letter "
                        + "topic (at least once: one reprocessed after an aborted transaction counts again).")
                .callback(cb -> cb.call(deadLetters.count())).register(registry);
        CounterWithCallback.builder().name("memfleet_aggregator_dead_letters_lost_total")
                .help("Of those, dead letters too large to write to the dead-letter topic: only in the log.")
                .callback(cb -> cb.call(deadLetters.lost())).register(registry);

        GaugeWithCallback.builder().name("memfleet_aggregator_hosts")
                .help("Hosts whose state this instance holds (its share of the fleet).")
                .callback(cb -> {
                    long[] count = {0};
                    if (eachHost(host -> count[0]++)) {
                        cb.call(count[0]);
                    }
                }).register(registry);
        CounterWithCallback.builder().name("memfleet_aggregator_host_samples_lost_total")
                .help("Records lost between a host's collector and the aggregator: gaps in the collector's seq "
                        + "within one collector run, per host this instance holds.").labelNames("host")
                .callback(cb -> eachHost(host -> cb.call(host.samplesLost(), host.hostId()))).register(registry);
        CounterWithCallback.builder().name("memfleet_aggregator_host_duplicates_dropped_total")
                .help("Records a host's collector delivered twice, folded once, per host this instance holds.")
                .labelNames("host")
                .callback(cb -> eachHost(host -> cb.call(host.duplicatesDropped(), host.hostId())))
                .register(registry);
        CounterWithCallback.builder().name("memfleet_aggregator_host_samples_out_of_time_total")
                .help("Records of a host whose own time could not be used (clock.skew.tolerance.ms ahead of the "
                        + "broker's, or older than the raw history), per host this instance holds.")
                .labelNames("host")
                .callback(cb -> eachHost(host -> cb.call(host.samplesOutOfTime(), host.hostId())))
                .register(registry);
        GaugeWithCallback.builder().name("memfleet_aggregator_host_clock_skew_seconds")
                .help("A host's latest record's time minus the broker's time of it (negative: behind, or late "
                        + "from a spool), per host this instance holds.")
                .labelNames("host")
                .callback(cb -> eachHost(host -> cb.call(host.clockSkewMs() / 1000.0, host.hostId())))
                .register(registry);
        GaugeWithCallback.builder().name("memfleet_aggregator_host_last_seen_timestamp_seconds")
                .help("When a record of the host was last folded, seconds since the epoch (record time, "
                        + "the broker's when the host's clock is out of tolerance).")
                .labelNames("host")
                .callback(cb -> eachHost(host -> cb.call(host.lastSeen() / 1000.0, host.hostId())))
                .register(registry);

        requestLatency = Histogram.builder().name("memfleet_aggregator_http_request_duration_seconds")
                .help("Time to answer an HTTP request, by route template, method and status code.")
                .labelNames("route", "method", "code").classicOnly().register(registry);

        GaugeWithCallback.builder().name("memfleet_aggregator_info")
                .help("Always 1: the aggregator's version and Kafka Streams application id.")
                .labelNames("version", "application_id")
                .callback(cb -> cb.call(1, version, applicationId)).register(registry);
        JvmMetrics.builder().register(registry);
    }

    public PrometheusRegistry registry() {
        return registry;
    }

    public TopologyMetrics topology() {
        return topology;
    }

    /** Times the HTTP API's requests into {@code memfleet_aggregator_http_request_duration_seconds}. */
    public LatencyFilter latencyFilter() {
        return new LatencyFilter(requestLatency);
    }

    /**
     * The consumer's {@code records-lag} of each {@code memfleet.samples} partition, by partition
     * number; a partition whose lag is not known yet (NaN, before its first fetch) is left out.
     */
    static Map<String, Double> lagByPartition(Map<MetricName, ? extends Metric> metrics) {
        Map<String, Double> lag = new TreeMap<>();
        for (Map.Entry<MetricName, ? extends Metric> entry : metrics.entrySet()) {
            MetricName name = entry.getKey();
            if (name.group().equals(FETCH_GROUP) && name.name().equals("records-lag")
                    && Topics.SAMPLES.equals(name.tags().get("topic")) && name.tags().containsKey("partition")) {
                Object value = entry.getValue().metricValue();
                if (value instanceof Number number && !Double.isNaN(number.doubleValue())) {
                    lag.merge(name.tags().get("partition"), number.doubleValue(), Double::sum);
                }
            }
        }
        return lag;
    }

    /**
     * Hands every host of this instance's {@code hosts} store to {@code action}; false, and nothing
     * handed, while the store cannot be read (not RUNNING, or migrating in a rebalance).
     */
    private boolean eachHost(Consumer<HostState> action) {
        if (streams.state() != KafkaStreams.State.RUNNING) {
            return false;
        }
        try {
            ReadOnlyKeyValueStore<String, HostState> store = streams.store(StoreQueryParameters.fromNameAndType(
                    AggregatorTopology.HOSTS_STORE, QueryableStoreTypes.keyValueStore()));
            try (KeyValueIterator<String, HostState> all = store.all()) {
                all.forEachRemaining(entry -> action.accept(entry.value));
            }
            return true;
        } catch (InvalidStateStoreException e) {
            return false;
        }
    }
}
