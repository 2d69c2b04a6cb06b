package io.memfleet.schema.kafka;

/**
 * The topics memfleet reads and writes. Their names are a contract with operators and alerting
 * pipelines: change them only with a migration.
 */
public final class Topics {

    /** Collector output: ProcessSample, ProcessExit and HostHeartbeat records, key = hostId. */
    public static final String SAMPLES = "memfleet.samples";

    /** Aggregator output: Anomaly events as JSON, key = hostId. */
    public static final String ANOMALIES = "memfleet.anomalies";

    private Topics() {
    }
}
