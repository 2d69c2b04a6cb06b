package io.memfleet.schema;

/** What a detector found. {@code UNKNOWN} is what an older reader sees for a type added later. */
public enum AnomalyType {
    HEAP_GROWTH,
    NEW_EXEC_MAPPING,
    WX_MAPPING,
    FILELESS_EXEC,
    UNKNOWN
}
