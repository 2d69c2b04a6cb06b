package io.memfleet.aggregator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class BrokerTimestampExtractorTest {

    private static final long THREE_YEARS_AHEAD = System.currentTimeMillis() + 3L * 365 * 86_400_000;

    private static ConsumerRecord<Object, Object> record(long timestamp, TimestampType type) {
        return new ConsumerRecord<>("memfleet.samples", 0, 0, timestamp, type, 0, 0, "host", null, new RecordHeaders(),
                Optional.empty());
    }

    @Test
    void shouldTakeTheBrokersLogAppendTime() {
        assertThat(new BrokerTimestampExtractor().extract(record(1_000, TimestampType.LOG_APPEND_TIME), 500))
                .isEqualTo(1_000);
    }

    @Test
    void shouldNotTakeTheProducersClockForTheBrokers() {
        long before = System.currentTimeMillis();
        long extracted = new BrokerTimestampExtractor().extract(record(THREE_YEARS_AHEAD, TimestampType.CREATE_TIME), 0);

        assertThat(extracted).isBetween(before, System.currentTimeMillis());
    }
}
