package io.memfleet.schema.kafka;

/**
 * The topics memfleet reads and writes. Their names are a contract with operators and alerting
 * pipelines: change them only with a migration.
 */
public final class Topics {

    /** Collector output: ProcessSample, ProcessExit and HostHeartbeat records, key = hostId. */
    public static final String SAMPLES = "memfleet.samples";

    /**
     * Dead letters of {@link #SAMPLES}: each record the aggregator could not decode, byte for byte with
     * its key and headers, plus Kafka Streams' {@code __streams.errors.*} headers saying why and where
     * it came from (topic, partition, offset). Configurable in the aggregator ({@code dead.letter.topic}).
     */
    public static final String SAMPLES_DEAD_LETTER = "memfleet.samples.dlq";

    /** Aggregator output: Anomaly events as JSON, key = hostId. */
    public static final String ANOMALIES = "memfleet.anomalies";

    private Topics() {
    }
}
