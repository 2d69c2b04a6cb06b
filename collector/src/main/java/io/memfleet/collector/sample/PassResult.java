package io.memfleet.collector.sample;

import io.memfleet.schema.SampleRecord;
import java.util.List;

/**
 * What one sampling pass produced: the records to publish, in order (samples, then exits), and
 * how many processes it saw and skipped, by reason.
 */
public record PassResult(List<SampleRecord> records, long startedAt, int processesSeen, int processesUnreadable,
                         int processesVanished, int processesMalformed) {

    public PassResult {
        records = List.copyOf(records);
    }
}
