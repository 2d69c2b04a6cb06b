package io.memfleet.schema;

/**
 * What a detector found. {@code UNKNOWN} is what an older reader sees for a type added later; types
 * added later go after it, so the symbols before keep their positions.
 */
public enum AnomalyType {
    HEAP_GROWTH,
    NEW_EXEC_MAPPING,
    WX_MAPPING,
    FILELESS_EXEC,
    UNKNOWN,
    /** A host's clock is so far off the broker's that its records cannot be filed at their own time: the host, not a process. */
    CLOCK_SKEW,
    /** Several collectors write under one host id at once (VMs cloned with one machine id): the host, not a process. */
    DUPLICATE_HOST_ID
}
