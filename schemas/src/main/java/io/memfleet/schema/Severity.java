package io.memfleet.schema;

public enum Severity {
    LOW,
    MEDIUM,
    HIGH,
    CRITICAL
}
