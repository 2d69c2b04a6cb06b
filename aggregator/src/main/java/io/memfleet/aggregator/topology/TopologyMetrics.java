package io.memfleet.aggregator.topology;

import io.memfleet.schema.Anomaly;
import io.memfleet.schema.AnomalyStatus;
import io.memfleet.schema.AnomalyType;
import io.memfleet.schema.HostHeartbeat;
import io.memfleet.schema.MappingsPart;
import io.memfleet.schema.ProcessExit;
import io.memfleet.schema.ProcessSample;
import io.memfleet.schema.SampleRecord;
import io.memfleet.schema.Severity;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.List;

/**
 * What the topology's processors count, as Prometheus counters: records folded by type, records
 * dropped as duplicates, anomaly events by type, severity and status. Counted when processed, so
 * at least once: a record reprocessed after an aborted transaction (a crash, a rebalance) counts
 * again, though the stores fold it once.
 */
public final class TopologyMetrics {

    private static final List<String> RECORD_TYPES = List.of(ProcessSample.class.getSimpleName(),
            ProcessExit.class.getSimpleName(), HostHeartbeat.class.getSimpleName(), MappingsPart.class.getSimpleName());

    private final Counter records = Counter.builder().name("memfleet_aggregator_records_ingested_total")
            .help("Records of memfleet.samples folded into the stores, by record type (duplicates not included).")
            .labelNames("type").build();
    private final Counter duplicates = Counter.builder().name("memfleet_aggregator_records_duplicate_total")
            .help("Records delivered twice by a collector's spool and dropped (seq already folded).").build();
    private final Counter outOfTime = Counter.builder().name("memfleet_aggregator_records_out_of_time_total")
            .help("Records of memfleet.samples whose host's time could not be used: dated beyond "
                    + "clock.skew.tolerance.ms ahead of the broker's time (filed at the broker's) or older than "
                    + "the raw history (not stored).").build();
    private final Counter listsIncomplete = Counter.builder().name("memfleet_aggregator_mapping_lists_incomplete_total")
            .help("Mapping lists sent in parts given up because a part never came, was refused, or their sample "
                    + "did not come within 5 minutes (the process is out of sync until its next full list).").build();
    private final Counter partsRefused = Counter.builder().name("memfleet_aggregator_mapping_parts_refused_total")
            .help("Mapping list parts not kept because their host's pending parts were at their cap (64 MiB "
                    + "by default) or their list claimed over 10,000 parts; the list is then incomplete.").build();
    private final Counter closedUnseen = Counter.builder().name("memfleet_aggregator_processes_closed_unseen_total")
            .help("Processes closed because a new collector run's first complete pass, or a new boot, showed "
                    + "them gone without a ProcessExit.").build();
    private final Counter capped = Counter.builder().name("memfleet_aggregator_processes_capped_total")
            .help("Samples of a new process not stored because its host already had host.max.processes live.").build();
    private final Counter truncated = Counter.builder().name("memfleet_aggregator_fields_truncated_total")
            .help("Process names, command lines and mapping paths cut to the aggregator's caps.").build();
    private final Counter evicted = Counter.builder().name("memfleet_aggregator_exited_processes_evicted_total")
            .help("Exited process states dropped before history.exited.retention.ms because their host had more "
                    + "than host.max.exited.processes.").build();
    private final Counter anomalies = Counter.builder().name("memfleet_aggregator_anomalies_total")
            .help("Anomaly events published to memfleet.anomalies, by type, severity and status.")
            .labelNames("type", "severity", "status").build();

    /** Counters that are counted but not exported until {@link #register}ed (tests, benchmarks). */
    public TopologyMetrics() {
        RECORD_TYPES.forEach(records::labelValues); // at 0 from the start, so rate() has a beginning
        for (AnomalyType type : AnomalyType.values()) {
            for (Severity severity : Severity.values()) {
                for (AnomalyStatus status : AnomalyStatus.values()) {
                    anomalies.labelValues(type.name(), severity.name(), status.name());
                }
            }
        }
    }

    public TopologyMetrics register(PrometheusRegistry registry) {
        registry.register(records);
        registry.register(duplicates);
        registry.register(outOfTime);
        registry.register(listsIncomplete);
        registry.register(partsRefused);
        registry.register(closedUnseen);
        registry.register(capped);
        registry.register(truncated);
        registry.register(evicted);
        registry.register(anomalies);
        return this;
    }

    void folded(SampleRecord record) {
        records.labelValues(record.getClass().getSimpleName()).inc();
    }

    void duplicate() {
        duplicates.inc();
    }

    void countOutOfTime() {
        outOfTime.inc();
    }

    void listIncomplete() {
        listsIncomplete.inc();
    }

    void partRefused() {
        partsRefused.inc();
    }

    void closedUnseen() {
        closedUnseen.inc();
    }

    void capped() {
        capped.inc();
    }

    void truncated(int fields) {
        truncated.inc(fields);
    }

    void evicted(int states) {
        evicted.inc(states);
    }

    public double listsIncomplete() {
        return listsIncomplete.get();
    }

    public double partsRefused() {
        return partsRefused.get();
    }

    public double processesCapped() {
        return capped.get();
    }

    void published(Anomaly anomaly) {
        anomalies.labelValues(anomaly.type().name(), anomaly.severity().name(), anomaly.status().name()).inc();
    }

    /** Records folded of this type so far (tests). */
    public double ingested(String recordType) {
        return records.labelValues(recordType).get();
    }

    public double duplicates() {
        return duplicates.get();
    }

    public double outOfTime() {
        return outOfTime.get();
    }

    public double anomalies(AnomalyType type, Severity severity, AnomalyStatus status) {
        return anomalies.labelValues(type.name(), severity.name(), status.name()).get();
    }
}
