package io.memfleet.aggregator;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * The time the aggregator trusts for a record of {@code memfleet.samples}: the broker's
 * ({@code LogAppendTime}, which {@link TopicSetup} sets on the topic). Stream time, and with it every
 * store's retention and the purges, follows it, so no host's clock can move time for the others.
 * On a topic left at {@code CreateTime} the timestamp is the producer's clock — the very host's
 * whose clock is in question — so this instance's own clock stands in (a record read long after it
 * was written then looks late, which is only ever filed at its own time or counted).
 */
public final class BrokerTimestampExtractor implements TimestampExtractor {

    @Override
    public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
        if (record.timestampType() == TimestampType.LOG_APPEND_TIME) {
            return record.timestamp();
        }
        return Math.max(System.currentTimeMillis(), partitionTime);
    }
}
