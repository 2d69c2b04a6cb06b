package io.memfleet.collector.sample;

import io.memfleet.schema.SampleRecord;
import java.util.List;

/**
 * A pass's records collected in memory, in order (samples, then exits), with its summary. The
 * collector streams records instead ({@link PassSampler#sample(java.util.function.Consumer)}) so a
 * pass never holds every mapping list at once; this form is for tests and benchmarks.
 */
public record PassResult(List<SampleRecord> records, PassSummary summary) {

    public PassResult {
        records = List.copyOf(records);
    }

    public long startedAt() {
        return summary.startedAt();
    }

    public int processesSeen() {
        return summary.processesSeen();
    }

    public int processesUnreadable() {
        return summary.processesUnreadable();
    }

    public int processesVanished() {
        return summary.processesVanished();
    }

    public int processesMalformed() {
        return summary.processesMalformed();
    }
}
