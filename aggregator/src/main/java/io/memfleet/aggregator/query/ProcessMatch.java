package io.memfleet.aggregator.query;

import io.memfleet.aggregator.topology.ProcessState;
import java.util.List;
import java.util.Optional;

/**
 * Which process a pid means at a time: pids are reused, so a host may have had several processes
 * with one pid. Pure.
 */
final class ProcessMatch {

    private ProcessMatch() {
    }

    /**
     * The process with {@code startTime} if given; otherwise the one alive at {@code at}, else the
     * last one that started before {@code at}.
     */
    static Optional<ProcessState> pick(List<ProcessState> samePid, Long startTime, long at) {
        if (startTime != null) {
            return samePid.stream().filter(p -> p.latest().startTime() == startTime).findFirst();
        }
        ProcessState best = null;
        for (ProcessState candidate : samePid) {
            boolean started = candidate.firstSeen() <= at;
            boolean alive = started && (candidate.exitedAt() == null || candidate.exitedAt() >= at);
            if (alive) {
                return Optional.of(candidate);
            }
            if (started && (best == null || candidate.firstSeen() > best.firstSeen())) {
                best = candidate;
            }
        }
        return Optional.ofNullable(best);
    }
}
