package io.memfleet.aggregator.query;

import io.memfleet.aggregator.topology.ProcessState;
import io.memfleet.schema.ProcessSample;

/** Process states for query tests. */
final class ProcessStates {

    private ProcessStates() {
    }

    static ProcessState of(long startTime, long firstSeen, Long exitedAt) {
        ProcessSample sample = new ProcessSample("r", 1, "h", "b", 42, startTime, 1, "app", 0, "S", 1, firstSeen, null,
                null, null, null, null, 1L, null, null, null, null, null, null, null, null, null, 0, "d", null, null, null);
        return new ProcessState(firstSeen, firstSeen, exitedAt, sample, false, false, null, null);
    }
}
