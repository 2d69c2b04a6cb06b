package io.memfleet.bench.aggregator;

import com.fasterxml.jackson.databind.JsonNode;
import io.memfleet.schema.codec.WireFormat;
import io.memfleet.schema.kafka.Topics;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * A soak: a {@link SyntheticFleet} sending its passes in real time, {@code speedup} times faster than
 * collectors at 10 s would, to an aggregator running in this JVM, for a bounded time. Every
 * {@code samplePeriod} it records the aggregator's consumer lag (end offsets of {@code memfleet.samples}
 * against the group's committed offsets, which under exactly once mean folded and committed) and this
 * JVM's heap after a full GC. At the end it lets the aggregator drain and checks every host: its last
 * {@code seq} is the last one sent, nothing lost, nothing folded twice.
 *
 * <p>The heap is this JVM's: the aggregator's, plus the producer's and, when the broker runs in
 * this JVM too, the broker's. A leak in any of them shows.
 */
final class Soak {

    /** Collectors sample every 10 s; the fleet sends a pass every {@code 10 s / speedup}. */
    static final long REAL_INTERVAL_MS = 10_000;

    record Settings(int hosts, int processes, int mappings, double changeFraction, double speedup, Duration duration,
                    Duration samplePeriod, long seed) {

        long intervalMs() {
            return Math.max(1, Math.round(REAL_INTERVAL_MS / speedup));
        }

        /** Samples (not heartbeats) a second the fleet sends. */
        double samplesPerSecond() {
            return hosts * (double) processes * 1000 / intervalMs();
        }
    }

    /** One observation: seconds since the start, records not yet folded, heap used after a full GC. */
    record Point(double seconds, long lag, long heapAfterGc) {
    }

    private final Admin admin;
    private final String applicationId;
    private final String aggregatorUrl;
    private final int partitions;
    private final PrintStream progress;

    Soak(Admin admin, String applicationId, String aggregatorUrl, int partitions, PrintStream progress) {
        this.admin = admin;
        this.applicationId = applicationId;
        this.aggregatorUrl = aggregatorUrl;
        this.partitions = partitions;
        this.progress = progress;
    }

    SoakReport run(String bootstrapServers, Settings settings) throws Exception {
        long start = System.currentTimeMillis();
        SyntheticFleet fleet = new SyntheticFleet(settings.seed(), "soak-" + Long.toHexString(start) + "-",
                settings.hosts(), settings.processes(), settings.mappings(), settings.changeFraction(), start,
                settings.intervalMs());
        List<Point> points = java.util.Collections.synchronizedList(new ArrayList<>());
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "soak-sampler");
            thread.setDaemon(true);
            return thread;
        });
        int passes = 0;
        long samples = 0;
        try (FleetProducer producer = new FleetProducer(bootstrapServers, WireFormat.JSON)) {
            long period = settings.samplePeriod().toMillis();
            sampler.scheduleAtFixedRate(() -> {
                try {
                    Point point = new Point((System.currentTimeMillis() - start) / 1000.0, lag(), heapAfterGc());
                    points.add(point);
                    progress.printf("soak: %5.0f s  lag %,8d records  heap after GC %s%n", point.seconds(), point.lag(),
                            io.memfleet.bench.report.Table.mib(point.heapAfterGc()));
                } catch (Exception e) {
                    progress.println("soak: could not sample lag and heap: " + e);
                }
            }, period, period, TimeUnit.MILLISECONDS);
            long end = start + settings.duration().toMillis();
            while (true) {
                long due = start + passes * settings.intervalMs();
                if (due >= end) {
                    break;
                }
                long wait = due - System.currentTimeMillis();
                if (wait > 0) {
                    Thread.sleep(wait);
                }
                producer.sendPass(fleet, passes++);
            }
            producer.flush();
            samples = producer.samples();
        } finally {
            sampler.shutdown();
            sampler.awaitTermination(60, TimeUnit.SECONDS);
        }
        double sending = (System.currentTimeMillis() - start) / 1000.0;

        long drainStarted = System.nanoTime();
        Map<TopicPartition, Long> ends = endOffsets();
        new IngestWatch(admin, applicationId).awaitReached(ends, 200, 300_000);
        Duration drain = Duration.ofNanos(System.nanoTime() - drainStarted);
        SoakReport.Accounting accounting = account(fleet, passes);
        return new SoakReport(settings, List.copyOf(points), passes, samples, sending, drain, accounting);
    }

    /** Every host as the aggregator's API lists it, against what was sent. */
    private SoakReport.Accounting account(SyntheticFleet fleet, int passes) throws Exception {
        JsonNode listed = new HistoryLatency(aggregatorUrl).getJson("/api/hosts");
        Map<String, JsonNode> byId = new HashMap<>();
        listed.forEach(host -> byId.put(host.path("hostId").asText(), host));
        long expectedLastSeq = (long) passes * (fleet.processes() + 1);
        int complete = 0;
        long lost = 0;
        long duplicates = 0;
        List<String> wrong = new ArrayList<>();
        for (int host = 0; host < fleet.hosts(); host++) {
            JsonNode node = byId.get(fleet.hostId(host));
            if (node == null) {
                wrong.add(fleet.hostId(host) + " not listed");
                continue;
            }
            lost += node.path("samplesLost").asLong();
            duplicates += node.path("duplicatesDropped").asLong();
            long lastSeq = node.path("lastSeq").asLong();
            if (lastSeq == expectedLastSeq) {
                complete++;
            } else if (wrong.size() < 5) {
                wrong.add(fleet.hostId(host) + " lastSeq " + lastSeq + ", sent " + expectedLastSeq);
            }
        }
        return new SoakReport.Accounting(fleet.hosts(), complete, expectedLastSeq, lost, duplicates, wrong);
    }

    private long lag() throws InterruptedException, ExecutionException, TimeoutException {
        Map<TopicPartition, Long> ends = endOffsets();
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(applicationId)
                .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
        return IngestWatch.remaining(committed, ends);
    }

    private Map<TopicPartition, Long> endOffsets() throws InterruptedException, ExecutionException, TimeoutException {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            request.put(new TopicPartition(Topics.SAMPLES, p), OffsetSpec.latest());
        }
        Map<TopicPartition, Long> ends = new HashMap<>();
        for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> entry : admin.listOffsets(request).all()
                .get(10, TimeUnit.SECONDS).entrySet()) {
            ends.put(entry.getKey(), entry.getValue().offset());
        }
        return ends;
    }

    /** Heap in use right after a full collection: what is still referenced. */
    static long heapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
