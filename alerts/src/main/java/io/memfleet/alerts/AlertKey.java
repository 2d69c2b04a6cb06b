package io.memfleet.alerts;

import io.memfleet.schema.AnomalyType;

/**
 * What FIRING and RESOLVED events of one episode have in common: the process ({@code hostId, pid,
 * startTime}), the type, and the episode within them (the mapping, for the executable-mapping types;
 * empty for heap growth, of which a process has one episode at a time). Anomaly ids differ between
 * the two events, so they cannot serve.
 */
public record AlertKey(String hostId, int pid, long startTime, AnomalyType type, String episode) {
}
