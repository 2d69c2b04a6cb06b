package io.memfleet.schema;

/** An anomaly event either starts an episode or ends it. */
public enum AnomalyStatus {
    FIRING,
    RESOLVED
}
