package io.memfleet.collector.sample;

/**
 * What one sampling pass did: when it started, how many processes it sampled, how many it skipped
 * and why, and how many records it produced.
 */
public record PassSummary(long startedAt, int processesSeen, int processesUnreadable, int processesVanished,
                          int processesMalformed, int records) {
}
