package io.memfleet.aggregator.topology;

import io.memfleet.schema.Anomaly;

/**
 * Keys of the anomalies store: host id, a separator no host id contains, the detection time
 * (fixed width, so one host's anomalies scan in time order) and the anomaly id.
 */
public final class AnomalyKey {

    private AnomalyKey() {
    }

    public static String hostPrefix(String hostId) {
        return hostId + ProcessKey.SEPARATOR;
    }

    static String of(Anomaly anomaly) {
        return hostPrefix(anomaly.hostId()) + String.format("%020d", anomaly.detectedAt()) + ProcessKey.SEPARATOR
                + anomaly.id();
    }
}
