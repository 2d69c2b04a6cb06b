package io.memfleet.aggregator.query;

import java.util.List;

/**
 * A process's memory over time. {@code resolution} is {@code raw} when every point is one sample
 * (field values are numbers), else the bucket length as an ISO-8601 duration, and each field value
 * is {@code {min, max, avg}} over the bucket.
 */
public record HistoryView(
        String hostId,
        int pid,
        long startTime,
        String name,
        String from,
        String to,
        String resolution,
        List<String> fields,
        HistoryPoints points) {
}
