package io.memfleet.aggregator.query;

import io.memfleet.schema.Mapping;
import java.util.List;

/** A process's mapping set at one time. */
public record MappingsView(String hostId, int pid, long startTime, String name, String at, boolean outOfSync,
                           List<Mapping> mappings) {
}
