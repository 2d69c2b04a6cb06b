package io.memfleet.bench.aggregator;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.ReplicaInfo;
import org.apache.kafka.common.TopicPartition;

/** Bytes in the aggregator's changelog topics, by store: what its state costs Kafka to write. */
final class ChangelogBytes {

    private ChangelogBytes() {
    }

    /** Store name → bytes on the broker's disks, over the topics {@code <applicationId>-<store>-changelog}. */
    static Map<String, Long> of(Admin admin, String applicationId) throws InterruptedException {
        Map<String, Long> bytes = new TreeMap<>();
        try {
            int broker = admin.describeCluster().nodes().get(10, TimeUnit.SECONDS).iterator().next().id();
            Map<String, LogDirDescription> dirs = admin.describeLogDirs(java.util.List.of(broker))
                    .allDescriptions().get(10, TimeUnit.SECONDS).get(broker);
            String prefix = applicationId + "-";
            String suffix = "-changelog";
            for (LogDirDescription dir : dirs.values()) {
                for (Map.Entry<TopicPartition, ReplicaInfo> replica : dir.replicaInfos().entrySet()) {
                    String topic = replica.getKey().topic();
                    if (topic.startsWith(prefix) && topic.endsWith(suffix)) {
                        String store = topic.substring(prefix.length(), topic.length() - suffix.length());
                        bytes.merge(store, replica.getValue().size(), Long::sum);
                    }
                }
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot describe the broker's log directories: " + e, e);
        }
        return bytes;
    }
}
