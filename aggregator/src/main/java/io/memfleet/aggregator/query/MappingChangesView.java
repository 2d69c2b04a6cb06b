package io.memfleet.aggregator.query;

import io.memfleet.schema.Mapping;
import java.util.List;

/** The changes of a process's mapping set in a time range, oldest first. */
public record MappingChangesView(String hostId, int pid, long startTime, String name, String from, String to,
                                 List<Change> changes) {

    /** One change: when, and what was added and removed. */
    public record Change(String t, List<Mapping> added, List<Mapping> removed) {
    }
}
