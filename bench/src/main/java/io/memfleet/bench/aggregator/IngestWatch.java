package io.memfleet.bench.aggregator;

import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Watches how far the aggregator's consumer group got: the offsets it committed (under
 * exactly_once_v2 they become visible when their transaction commits, so a committed offset means
 * the records before it are folded into the stores and their changelogs).
 */
final class IngestWatch {

    private final Admin admin;
    private final String groupId;

    IngestWatch(Admin admin, String groupId) {
        this.admin = admin;
        this.groupId = groupId;
    }

    Map<TopicPartition, OffsetAndMetadata> committed() throws InterruptedException {
        try {
            return admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot read the committed offsets of group " + groupId + ": " + e, e);
        }
    }

    /** True when every partition of {@code targets} has a committed offset at or past its target. */
    static boolean reached(Map<TopicPartition, OffsetAndMetadata> committed, Map<TopicPartition, Long> targets) {
        for (Map.Entry<TopicPartition, Long> target : targets.entrySet()) {
            if (target.getValue() == 0) {
                continue;
            }
            OffsetAndMetadata offset = committed.get(target.getKey());
            if (offset == null || offset.offset() < target.getValue()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Polls every {@code pollMs} until the committed offsets reach {@code targets}; returns
     * {@link System#nanoTime()} when they were first seen there. Fails after {@code timeoutMs}.
     */
    long awaitReached(Map<TopicPartition, Long> targets, long pollMs, long timeoutMs) throws InterruptedException {
        long started = System.nanoTime();
        long deadline = started + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        long nextProgress = started + TimeUnit.SECONDS.toNanos(15);
        while (true) {
            Map<TopicPartition, OffsetAndMetadata> committed = committed();
            if (reached(committed, targets)) {
                return System.nanoTime();
            }
            long now = System.nanoTime();
            if (now > deadline) {
                throw new IllegalStateException("the aggregator did not consume everything within " + timeoutMs / 1000
                        + " s; committed offsets: " + committed);
            }
            if (now > nextProgress) {
                nextProgress = now + TimeUnit.SECONDS.toNanos(15);
                System.err.printf("bench: aggregator: %,d records to go%n", remaining(committed, targets));
            }
            Thread.sleep(pollMs);
        }
    }

    /** Records between the committed offsets and the targets. */
    static long remaining(Map<TopicPartition, OffsetAndMetadata> committed, Map<TopicPartition, Long> targets) {
        long left = 0;
        for (Map.Entry<TopicPartition, Long> target : targets.entrySet()) {
            OffsetAndMetadata offset = committed.get(target.getKey());
            left += Math.max(0, target.getValue() - (offset == null ? 0 : offset.offset()));
        }
        return left;
    }
}
