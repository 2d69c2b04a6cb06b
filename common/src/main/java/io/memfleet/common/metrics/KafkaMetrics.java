package io.memfleet.common.metrics;

import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * Reads a Kafka client's own metrics ({@code producer.metrics()}, {@code streams.metrics()}), so
 * memfleet's metrics bridge the client's numbers instead of measuring the same thing twice.
 */
public final class KafkaMetrics {

    private KafkaMetrics() {
    }

    /**
     * The sum of every metric in {@code group} named {@code name} whose tags {@code tags} accepts
     * (one per client, thread or partition), skipping values that are not numbers yet (NaN); 0 if
     * there is none.
     */
    public static double sum(Map<MetricName, ? extends Metric> metrics, String group, String name,
                             Predicate<Map<String, String>> tags) {
        double sum = 0;
        for (Map.Entry<MetricName, ? extends Metric> entry : metrics.entrySet()) {
            MetricName metric = entry.getKey();
            if (metric.group().equals(group) && metric.name().equals(name) && tags.test(metric.tags())) {
                double value = value(entry.getValue());
                if (!Double.isNaN(value)) {
                    sum += value;
                }
            }
        }
        return sum;
    }

    /** The sum over every client of the metric, whatever its tags. */
    public static double sum(Map<MetricName, ? extends Metric> metrics, String group, String name) {
        return sum(metrics, group, name, tags -> true);
    }

    /** A metric's value as a double; NaN when it is not a number. */
    public static double value(Metric metric) {
        Object value = metric.metricValue();
        return value instanceof Number number ? number.doubleValue() : Double.NaN;
    }
}
