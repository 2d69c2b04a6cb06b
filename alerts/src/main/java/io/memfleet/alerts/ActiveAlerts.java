package io.memfleet.alerts;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * The alerts firing now, by the partition their anomalies came from (a host's events share one), so
 * a partition that moves to another instance of the bridge takes its alerts along. They are sent
 * again every {@code resend.interval.ms}, as Alertmanager expects of its clients.
 */
final class ActiveAlerts {

    private final Map<TopicPartition, Map<AlertKey, PostableAlert>> byPartition = new HashMap<>();

    void fire(TopicPartition partition, AlertKey key, PostableAlert alert) {
        byPartition.computeIfAbsent(partition, p -> new LinkedHashMap<>()).put(key, alert);
    }

    /** Forgets the alert of {@code key}; returns it, or null if it was not firing. */
    PostableAlert resolve(TopicPartition partition, AlertKey key) {
        Map<AlertKey, PostableAlert> alerts = byPartition.get(partition);
        return alerts == null ? null : alerts.remove(key);
    }

    void drop(Collection<TopicPartition> partitions) {
        partitions.forEach(byPartition::remove);
    }

    List<PostableAlert> all() {
        List<PostableAlert> all = new ArrayList<>();
        byPartition.values().forEach(alerts -> all.addAll(alerts.values()));
        return all;
    }

    int size() {
        return byPartition.values().stream().mapToInt(Map::size).sum();
    }
}
