package io.memfleet.schema;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * A record on {@code memfleet.samples}. All of one host's records share the key {@code hostId}, so
 * they land on one partition in the order the collector sent them.
 *
 * <p>In JSON the concrete type is named by a {@code recordType} property; in Avro by the writer
 * schema's fingerprint in the single-object header.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.SIMPLE_NAME, include = JsonTypeInfo.As.PROPERTY, property = "recordType")
@JsonSubTypes({
    @JsonSubTypes.Type(ProcessSample.class),
    @JsonSubTypes.Type(ProcessExit.class),
    @JsonSubTypes.Type(HostHeartbeat.class),
    @JsonSubTypes.Type(MappingsPart.class)
})
public sealed interface SampleRecord permits ProcessSample, ProcessExit, HostHeartbeat, MappingsPart {

    /** The collector run that sent this record. */
    String runId();

    /** Monotonic per collector run over every record it sends. */
    long seq();

    /** The host, which is also the record key. */
    String hostId();
}
