package io.memfleet.aggregator.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.memfleet.schema.kafka.Topics;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.junit.jupiter.api.Test;

/** Consumer lag is read from the Streams consumer's own per-partition records-lag, for the samples topic only. */
class ConsumerLagTest {

    private final Map<MetricName, Metric> metrics = new HashMap<>();

    private void add(String group, String name, Map<String, String> tags, Object value) {
        MetricName metricName = new MetricName(name, group, "", tags);
        metrics.put(metricName, new Metric() {
            @Override
            public MetricName metricName() {
                return metricName;
            }

            @Override
            public Object metricValue() {
                return value;
            }
        });
    }

    @Test
    void shouldTakeRecordsLagOfEachSamplesPartition() {
        add("consumer-fetch-manager-metrics", "records-lag",
                Map.of("client-id", "app-StreamThread-1-consumer", "topic", Topics.SAMPLES, "partition", "0"), 12.0);
        add("consumer-fetch-manager-metrics", "records-lag",
                Map.of("client-id", "app-StreamThread-2-consumer", "topic", Topics.SAMPLES, "partition", "3"), 0.0);
        // Not lag of the samples topic: a changelog read by the restore consumer, the topic-level max, a NaN.
        add("consumer-fetch-manager-metrics", "records-lag",
                Map.of("client-id", "app-StreamThread-1-restore-consumer", "topic", "app-hosts-changelog",
                        "partition", "0"), 500.0);
        add("consumer-fetch-manager-metrics", "records-lag-max", Map.of("client-id", "c"), 99.0);
        add("consumer-fetch-manager-metrics", "records-lag",
                Map.of("client-id", "c", "topic", Topics.SAMPLES, "partition", "5"), Double.NaN);
        add("stream-thread-metrics", "records-lag", Map.of("topic", Topics.SAMPLES, "partition", "1"), 7.0);

        assertThat(AggregatorMetrics.lagByPartition(metrics)).containsExactly(Map.entry("0", 12.0), Map.entry("3", 0.0));
    }
}
