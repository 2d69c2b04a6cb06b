package io.memfleet.aggregator.detect;

import io.memfleet.aggregator.model.MappingChange;
import io.memfleet.schema.Mapping;
import io.memfleet.schema.ProcessSample;
import java.util.List;
import java.util.Objects;

/**
 * What a detector sees of one process at one sample: its identity, the sample's memory fields, its
 * current mapping set, and how that set changed with this sample. Detectors get nothing else —
 * no Kafka, no clock, no stores — so the same observations always give the same findings.
 *
 * @param at             the sample's time ({@code sampledAt}), epoch ms: detectors' only clock
 * @param firstSeen      when the aggregator first saw this process, epoch ms
 * @param sample         the sample (its {@code mappings} may be null: see {@code mappings})
 * @param mappings       the process's whole current mapping set, on samples that brought it in full
 *                       ({@code change} is not null); empty on the others, where nothing changed
 * @param change         how the set changed with this sample, or null when the sample brought no list
 * @param firstList      true when this sample brought the first full list seen for the process
 *                       (then {@code change} adds everything): the process was first seen in this state
 * @param mappingsKnown  false while the digest changed but the full list has not arrived
 * @param memTotalKb     the host's MemTotal, kB, or null when unknown
 * @param memoryLimitKb  the process's cgroup memory limit, kB, or null when it has none or it is unknown
 */
public record Observation(
        String hostId,
        String hostname,
        String bootId,
        int pid,
        long startTime,
        String processName,
        long at,
        long firstSeen,
        ProcessSample sample,
        List<Mapping> mappings,
        MappingChange change,
        boolean firstList,
        boolean mappingsKnown,
        Long memTotalKb,
        Long memoryLimitKb) {

    public Observation {
        Objects.requireNonNull(hostId, "hostId");
        Objects.requireNonNull(sample, "sample");
        mappings = List.copyOf(mappings);
    }

    /** Anonymous memory the process owns: resident anonymous plus swapped out, kB; null for kernel threads. */
    public Long anonKb() {
        Long anon = sample.rssAnonKb();
        if (anon == null) {
            return null;
        }
        Long swap = sample.vmSwapKb();
        return anon + (swap == null ? 0 : swap);
    }

    /** The memory that bounds this process: its cgroup limit if it has one, else the host's, else null. */
    public Long boundKb() {
        if (memoryLimitKb != null && (memTotalKb == null || memoryLimitKb < memTotalKb)) {
            return memoryLimitKb;
        }
        return memTotalKb;
    }
}
