package io.memfleet.aggregator.topology;

import io.memfleet.aggregator.detect.DetectorRunner;
import io.memfleet.aggregator.detect.ExitNotice;
import io.memfleet.aggregator.detect.Observation;
import io.memfleet.aggregator.model.MappingChange;
import io.memfleet.schema.Anomaly;
import io.memfleet.schema.AnomalyStatus;
import io.memfleet.schema.HostHeartbeat;
import io.memfleet.schema.MappingsPart;
import io.memfleet.schema.ProcessExit;
import io.memfleet.schema.ProcessSample;
import io.memfleet.schema.SampleRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Folds a host's records into the {@code hosts} and {@code processes} stores and the history, and
 * runs the detectors over each sample ({@link Detection}), forwarding the anomalies they decide.
 * Runs in the task that owns the host's partition, so one host's records arrive here in the order
 * they were sent. A sample reads and writes its process's state once: the open rollup bucket and
 * the heap detector's state travel inside it.
 */
final class SampleProcessor implements Processor<String, SampleRecord, String, Anomaly> {

    private static final Logger LOG = LoggerFactory.getLogger(SampleProcessor.class);

    private final HistoryOptions history;
    private final DetectorRunner detectors;
    private final TopologyMetrics metrics;
    private final ClockSkewAlarm clockSkew;
    private final DuplicateHostAlarm duplicateHost = new DuplicateHostAlarm();
    private RecentStates<HostState> hosts;
    private RecentStates<ProcessState> processes;
    private WindowStore<String, MemoryPoint> samples;
    private WindowStore<String, Rollup> rollups;
    private WindowStore<String, MappingChange> mappingChanges;
    private MappingSets mappingSets;
    private PendingLists pendingLists;
    private KeyValueStore<String, byte[]> pendingParts;
    private KeyValueStore<String, ProcessState> processStore;
    private Detection detection;
    private ProcessorContext<String, Anomaly> context;
    /** Live and exited process states the current record added (or, negative, took away), for its host's counts. */
    private long liveDelta;
    private long exitedDelta;

    SampleProcessor(HistoryOptions history, DetectorRunner detectors, TopologyMetrics metrics) {
        this.history = history;
        this.detectors = detectors;
        this.metrics = metrics;
        this.clockSkew = new ClockSkewAlarm(history.clockSkewTolerance());
    }

    @Override
    public void init(ProcessorContext<String, Anomaly> context) {
        this.context = context;
        hosts = new RecentStates<>(context.getStateStore(AggregatorTopology.HOSTS_STORE), RecentStates.HOSTS_PER_TASK);
        processes = new RecentStates<>(context.getStateStore(AggregatorTopology.PROCESSES_STORE),
                RecentStates.PROCESSES_PER_TASK);
        samples = context.getStateStore(AggregatorTopology.SAMPLES_STORE);
        rollups = context.getStateStore(AggregatorTopology.ROLLUPS_STORE);
        mappingChanges = context.getStateStore(AggregatorTopology.MAPPING_CHANGES_STORE);
        mappingSets = new MappingSets(context.getStateStore(AggregatorTopology.MAPPINGS_STORE));
        KeyValueStore<String, byte[]> parts = context.getStateStore(AggregatorTopology.MAPPING_PARTS_STORE);
        pendingParts = parts;
        pendingLists = new PendingLists(parts::get, parts::put, parts::delete, history.limits().maxPendingPartBytes(),
                keysOf(parts));
        processStore = context.getStateStore(AggregatorTopology.PROCESSES_STORE);
        detection = new Detection(detectors, history.rollupRetention(), context);
        // Exited processes are kept for a while so a query can still find them, then deleted.
        context.schedule(Duration.ofMinutes(5), PunctuationType.STREAM_TIME, this::purgeExited);
        context.schedule(Duration.ofMinutes(10), PunctuationType.STREAM_TIME,
                streamTime -> detection.purge(streamTime, processes::contains));
        // Stream time, as the bound is: parts only come with records, which move it, and an aggregator
        // catching up on a backlog must not sweep a list between its parts and its sample, as a
        // wall clock running ahead of the records would.
        context.schedule(Duration.ofMinutes(1), PunctuationType.STREAM_TIME, this::sweepPendingLists);
    }

    private static List<String> keysOf(KeyValueStore<String, byte[]> store) {
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> all = store.all()) {
            all.forEachRemaining(entry -> keys.add(entry.key));
        }
        return keys;
    }

    @Override
    public void process(Record<String, SampleRecord> record) {
        SampleRecord value = record.value();
        if (value == null) {
            return;
        }
        if (!value.hostId().equals(record.key())) {
            LOG.warn("Record keyed '{}' says it is from host '{}'; filing it under the host it names", record.key(),
                    value.hostId());
        }
        // When the collector read it, not when the record reached Kafka (records drained from a spool
        // after an outage would otherwise move the host's lastSeen to the drain time), as long as the
        // host's clock can be believed: the record's timestamp is the broker's (LogAppendTime).
        RecordTime time = value instanceof MappingsPart ? RecordTime.undated(record.timestamp())
                : RecordTime.of(claimedTime(value), record.timestamp(), context.currentStreamTimeMs(),
                        history.clockSkewTolerance().toMillis(), history.rawRetention().toMillis());
        long at = time.at();
        liveDelta = 0;
        exitedDelta = 0;
        HostState host = hosts.get(value.hostId());
        if (host != null) {
            host = tracked(host, value, at, record.timestamp());
        }
        if (host != null && host.isDuplicate(value)) {
            hosts.put(value.hostId(), host.withDuplicate());
            metrics.duplicate();
            return;
        }
        List<Anomaly> found = new ArrayList<>(0);
        if (host != null && host.fillsGap(value)) {
            if (time.stored()) {
                backfill(value, at);
            }
            hosts.put(value.hostId(), counted(withClock(host, host.withGapFilled(value), time, found)));
            forward(found, record.timestamp());
            return;
        }
        HostState before = host;
        boolean newRun = before == null || !before.runId().equals(value.runId());
        String previousBoot = before == null ? "" : before.bootId();
        String recordBoot = bootIdOf(value);
        host = withClock(before, (host == null ? HostState.first(value, recordBoot, at) : host)
                .withRecord(value, recordBoot, at), time, found);
        if (!time.stored()) {
            // Older than the raw history: kept out of it and out of the process's state, counted in
            // the host's samplesOutOfTime. A sample still within the rollups' retention (a spool
            // drained after a day-long outage) goes into its stored bucket, as it would have on time.
            // A heartbeat's facts about the host hold whatever its date.
            if (value instanceof ProcessSample sample) {
                keepInRollups(sample, context.currentStreamTimeMs());
            }
            hosts.put(value.hostId(), value instanceof HostHeartbeat heartbeat ? host.withHeartbeat(heartbeat) : host);
            metrics.folded(value);
            forward(found, record.timestamp());
            return;
        }
        if (newRun && !previousBoot.isEmpty() && !previousBoot.equals(recordBoot)) {
            // A new boot: no process of an earlier one can still be running.
            closeGone(host, state -> !state.latest().bootId().equals(recordBoot), found);
        }
        if (value instanceof MappingsPart part) {
            String key = ProcessKey.of(part.hostId(), part.bootId(), part.pid(), part.startTime());
            PendingLists.Added added = pendingLists.add(key, part, context.currentStreamTimeMs());
            if (added.displaced()) {
                listIncomplete(key);
            }
            if (!added.kept()) {
                host = host.withCounts(host.counts().withPartRefused());
                metrics.partRefused();
                LOG.debug("Refused a mapping list part of {}: its host's pending parts are at their cap "
                        + "(host.max.pending.mapping.bytes={}) or the list claims over {} parts", key,
                        history.limits().maxPendingPartBytes(), PendingLists.MAX_PARTS);
            }
        } else if (value instanceof ProcessSample received) {
            String key = ProcessKey.of(received.hostId(), received.bootId(), received.pid(), received.startTime());
            ProcessSample sample = received;
            if (received.mappings() == null) {
                PendingLists.Taken taken = pendingLists.take(key, received);
                if (taken.mappings() != null) {
                    sample = received.withMappings(taken.mappings());
                } else if (taken.incomplete()) {
                    listIncomplete(key);
                }
            }
            ProcessState previous = processes.get(key);
            if ((previous == null || !previous.live()) && host.counts().live() >= history.limits().maxProcesses()) {
                // Beyond the host's cap: counted, not stored, so no host can grow the state without bound.
                HostState counted = counted(host);
                hosts.put(value.hostId(), counted.withCounts(counted.counts().plus(0, 0, 1, 0, 0)));
                metrics.capped();
                metrics.folded(value);
                forward(found, record.timestamp());
                return;
            }
            FieldCaps.Capped capped = FieldCaps.sample(sample);
            if (capped.truncated() > 0) {
                sample = capped.sample();
                host = host.withCounts(host.counts().plus(0, 0, 0, capped.truncated(), 0));
                metrics.truncated(capped.truncated());
            }
            if (previous == null || !previous.live()) {
                liveDelta++;
                exitedDelta -= previous == null ? 0 : 1;
            }
            ProcessState after = recordPoint(key, previous == null ? ProcessState.first(sample, at)
                    : previous.withSample(sample, at), sample, at);
            MappingChange change = recordMappings(key, previous, sample, at);
            boolean firstList = sample.mappings() != null && (previous == null || !previous.haveMappings());
            Observation observation = new Observation(sample.hostId(), host.hostname(), sample.bootId(), sample.pid(),
                    sample.startTime(), sample.name(), at, after.firstSeen(), sample,
                    sample.mappings() == null ? List.of() : sample.mappings(), change, firstList,
                    !after.mappingsOutOfSync(), host.memTotalKb(), after.memoryLimitKb());
            processes.put(key, detection.observe(key, after, observation, found));
        } else if (value instanceof ProcessExit exit) {
            String key = ProcessKey.of(exit.hostId(), exit.bootId(), exit.pid(), exit.startTime());
            ProcessState state = processes.get(key);
            if (state != null) {
                close(key, state, host.hostname(), exit.name(), at, found);
            }
        } else if (value instanceof HostHeartbeat heartbeat) {
            host = host.withHeartbeat(heartbeat);
            // Processes the pass skipped (unreadable, malformed) do not hold it up: a collector
            // without the rights to read every maps file skips some in every pass, and those it
            // never reported. One it reported before and skips now is closed, and reopened by its
            // next sample.
            boolean saysWhatIsGone = host.completesPass(heartbeat);
            if (host.pass().goneUnknown() && saysWhatIsGone) {
                String run = heartbeat.runId();
                closeGone(host, state -> !state.latest().runId().equals(run), found);
            }
            host = host.withPassClosed(heartbeat, saysWhatIsGone);
        }
        host = counted(host);
        if (host.counts().exited() > history.limits().maxExitedProcesses()) {
            host = evictExited(host);
        }
        hosts.put(value.hostId(), host);
        metrics.folded(value);
        forward(found, record.timestamp());
    }

    /** {@code host} with the process states this record added or closed. */
    private HostState counted(HostState host) {
        long live = liveDelta;
        long exited = exitedDelta;
        liveDelta = 0;
        exitedDelta = 0;
        return live == 0 && exited == 0 ? host : host.withCounts(host.counts().plus(live, exited, 0, 0, 0));
    }

    /**
     * Drops the host's oldest exited processes down to nine tenths of its cap: one scan of its
     * processes per tenth of the cap, not one per exit. Their history (raw points, rollups, mapping
     * changes) stays until its own retention; the process's state, mapping set and pending list go.
     */
    private HostState evictExited(HostState host) {
        List<String> keys = new ArrayList<>();
        List<Long> exits = new ArrayList<>();
        try (KeyValueIterator<String, ProcessState> all = processStore.prefixScan(ProcessKey.hostPrefix(host.hostId()),
                new StringSerializer())) {
            all.forEachRemaining(entry -> {
                if (!entry.value.live()) {
                    keys.add(entry.key);
                    exits.add(entry.value.exitedAt());
                }
            });
        }
        int keep = history.limits().maxExitedProcesses() * 9 / 10;
        int drop = Math.max(0, keys.size() - keep);
        Integer[] order = new Integer[keys.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingLong(exits::get));
        for (int i = 0; i < drop; i++) {
            String key = keys.get(order[i]);
            processes.delete(key);
            mappingSets.delete(key);
            pendingLists.forget(key);
        }
        metrics.evicted(drop);
        LOG.debug("Host {}: dropped its {} oldest exited processes (host.max.exited.processes={})", host.hostId(), drop,
                history.limits().maxExitedProcesses());
        // The scan's count is the truth: it also repairs any drift of the running count.
        return host.withCounts(new HostState.ProcessCounts(host.counts().live(), keys.size() - drop,
                host.counts().capped(), host.counts().truncated(), host.counts().evicted() + drop,
                host.counts().partsRefused()));
    }

    /**
     * The host with its silent collector runs no longer counted as writing, and the record's run made current again if
     * it was parked; a DUPLICATE_HOST_ID episode that opens or closes on the way is kept and forwarded.
     */
    private HostState tracked(HostState stored, SampleRecord value, long at, long timestamp) {
        HostState host = stored.withRunsQuietened(at);
        if (!host.runId().equals(value.runId()) && host.runs().knows(value.runId())) {
            host = host.resumed(value, at);
        }
        Anomaly event = duplicateHost.event(stored, host, at);
        if (event != null) {
            detection.keep(event);
            forward(List.of(event), timestamp);
            if (event.status() == AnomalyStatus.FIRING) {
                LOG.warn("Host {}: {}", host.hostId(), event.summary());
            }
        }
        return host;
    }

    private void forward(List<Anomaly> found, long timestamp) {
        for (Anomaly anomaly : found) {
            context.forward(new Record<>(anomaly.hostId(), anomaly, timestamp));
            metrics.published(anomaly);
        }
    }

    /** {@code after} with the record's clock skew, opening or closing its CLOCK_SKEW episode (kept, and added to {@code found}). */
    private HostState withClock(HostState before, HostState after, RecordTime time, List<Anomaly> found) {
        if (time.undated()) {
            return after; // a mapping list's part has no time of its own, so it says nothing of the host's clock
        }
        if (time.outOfTime()) {
            metrics.countOutOfTime();
        }
        HostState dated = after.withClock(time, clockSkew.firing(after.clockSkewSince() != null, time));
        Anomaly event = clockSkew.event(before, dated, time);
        if (event != null) {
            detection.keep(event);
            found.add(event);
        }
        return dated;
    }

    /**
     * A record counted lost that came after later ones (a collector's resend after a broker
     * restart). Its sample goes into the history — the raw point and its rollup bucket — but not
     * into the process's current state, mapping set or detectors, which have moved past it; an exit
     * is applied as it would have been.
     */
    private void backfill(SampleRecord value, long at) {
        if (value instanceof ProcessSample sample) {
            String key = ProcessKey.of(sample.hostId(), sample.bootId(), sample.pid(), sample.startTime());
            MemoryPoint point = MemoryPoint.of(sample);
            samples.put(key, point, at);
            long bucket = bucketOf(at);
            ProcessState state = processes.get(key);
            if (state != null && state.bucket() != null && state.bucket().start() == bucket) {
                processes.put(key, state.withBucket(state.bucket().with(point)));
            } else {
                addToStoredBucket(key, bucket, Rollup.of(point));
            }
        } else if (value instanceof ProcessExit exit) {
            String key = ProcessKey.of(exit.hostId(), exit.bootId(), exit.pid(), exit.startTime());
            ProcessState state = processes.get(key);
            if (state != null && state.live()) {
                liveDelta--;
                exitedDelta++;
                processes.put(key, state.withExit(at));
            }
        }
    }

    /** A sample too old for the raw history, into its stored rollup bucket if the rollups still hold it. */
    private void keepInRollups(ProcessSample sample, long streamTime) {
        long bucket = bucketOf(sample.sampledAt());
        if (bucket <= streamTime - history.rollupRetention().toMillis() + history.clockSkewTolerance().toMillis()) {
            return;
        }
        String key = ProcessKey.of(sample.hostId(), sample.bootId(), sample.pid(), sample.startTime());
        addToStoredBucket(key, bucket, Rollup.of(MemoryPoint.of(sample)));
    }

    /** The time the host says the record is of; {@link RecordTime} decides whether it is used. */
    private static long claimedTime(SampleRecord value) {
        if (value instanceof ProcessSample sample) {
            return sample.sampledAt();
        }
        if (value instanceof ProcessExit exit) {
            return exit.exitedAt();
        }
        return ((HostHeartbeat) value).sampledAt();
    }

    private static String bootIdOf(SampleRecord value) {
        if (value instanceof ProcessSample sample) {
            return sample.bootId();
        }
        if (value instanceof ProcessExit exit) {
            return exit.bootId();
        }
        if (value instanceof HostHeartbeat heartbeat) {
            return heartbeat.bootId();
        }
        return ((MappingsPart) value).bootId();
    }

    /**
     * Closes every live process of the host that {@code gone} picks, as a ProcessExit would, with
     * the last time it was seen as its exit time: the exit happened after it and before the record
     * that showed it gone, and the aggregator knows no closer bound.
     */
    private void closeGone(HostState host, Predicate<ProcessState> gone, List<Anomaly> found) {
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, ProcessState> all = processStore.prefixScan(ProcessKey.hostPrefix(host.hostId()),
                new StringSerializer())) {
            all.forEachRemaining(entry -> {
                // Another collector writing under the host's id (a clone) has its own processes.
                if (entry.value.live() && gone.test(entry.value)
                        && !host.runs().writesAlongside(entry.value.latest().runId())) {
                    keys.add(entry.key);
                }
            });
        }
        for (String key : keys) {
            ProcessState state = processes.get(key);
            close(key, state, host.hostname(), state.latest().name(), state.lastSeen(), found);
            metrics.closedUnseen();
        }
        if (!keys.isEmpty()) {
            LOG.info("Host {}: closed {} processes its collector no longer reports (restarted or rebooted)",
                    host.hostId(), keys.size());
        }
    }

    private void close(String key, ProcessState state, String hostname, String name, long exitedAt,
                       List<Anomaly> found) {
        closeBucket(key, state);
        pendingLists.forget(key);
        if (state.live()) {
            liveDelta--;
            exitedDelta++;
        }
        ProcessSample latest = state.latest();
        ExitNotice notice = new ExitNotice(latest.hostId(), hostname, latest.bootId(), latest.pid(),
                latest.startTime(), name, exitedAt);
        processes.put(key, detection.exited(key, state.withBucket(null), notice, found).withExit(exitedAt));
    }

    /** Drops the lists whose sample is not coming: their first part is older than {@link PendingLists#MAX_WAIT}. */
    private void sweepPendingLists(long streamTime) {
        List<String> lists = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> all = pendingParts.all()) {
            all.forEachRemaining(entry -> {
                if (PendingLists.isHeader(entry.key)) {
                    lists.add(entry.key);
                }
            });
        }
        long cutoff = streamTime - PendingLists.MAX_WAIT.toMillis();
        for (String key : lists) {
            if (pendingLists.expire(key, cutoff)) {
                listIncomplete(key);
            }
        }
    }

    private void listIncomplete(String key) {
        metrics.listIncomplete();
        LOG.debug("Dropped an incomplete mapping list of {}: a part was lost; the process is out of sync until the "
                + "next full list", key);
    }

    private long bucketOf(long at) {
        long bucketMs = history.rollupInterval().toMillis();
        return at - Math.floorMod(at, bucketMs);
    }

    /**
     * Keeps the sample's memory fields as a raw point and in its rollup bucket: the process's open
     * bucket when the sample falls in it, a new open bucket (the old one stored) when it falls in a
     * later one, the stored bucket for an older sample.
     */
    private ProcessState recordPoint(String key, ProcessState state, ProcessSample sample, long at) {
        MemoryPoint point = MemoryPoint.of(sample);
        samples.put(key, point, at);
        long bucket = bucketOf(at);
        if (state.bucket() != null && state.bucket().start() == bucket) {
            return state.withBucket(state.bucket().with(point));
        }
        if (state.bucket() != null && state.bucket().start() > bucket) {
            addToStoredBucket(key, bucket, Rollup.of(point));
            return state;
        }
        closeBucket(key, state);
        return state.withBucket(new OpenBucket(bucket, Rollup.of(point)));
    }

    /** Stores the process's open bucket, if it has one; the caller drops it from the state. */
    private void closeBucket(String key, ProcessState state) {
        if (state.bucket() != null) {
            addToStoredBucket(key, state.bucket().start(), state.bucket().rollup());
        }
    }

    /**
     * Merged with what is stored for the bucket: a bucket is stored before all of its samples have
     * necessarily arrived (a later one began, the process exited), and a late one (resent after a
     * broker restart) is added to it.
     */
    private void addToStoredBucket(String key, long start, Rollup rollup) {
        Rollup stored = rollups.fetch(key, start);
        rollups.put(key, stored == null ? rollup : stored.merge(rollup), start);
    }

    /** Keeps how the process's mapping set changed if the sample came with a list; returns that change (null without). */
    private MappingChange recordMappings(String key, ProcessState before, ProcessSample sample, long at) {
        if (sample.mappings() == null) {
            return null;
        }
        // The stored list is read and written only when a full list arrives, a few percent of samples.
        MappingSet previous = before == null ? null : mappingSets.get(key);
        mappingSets.put(key, sample.mappings());
        MappingChange change = MappingChange.between(previous == null ? List.of() : previous.mappings(),
                sample.mappings());
        if (!change.isEmpty()) {
            // A change too big for one changelog record is kept as pieces a millisecond apart.
            List<MappingChange> pieces = change.inPieces(MappingSets.CHUNK_BYTES);
            for (int i = 0; i < pieces.size(); i++) {
                mappingChanges.put(key, pieces.get(i), at + i);
            }
        }
        return change;
    }

    private void purgeExited(long streamTime) {
        long cutoff = streamTime - history.exitedRetention().toMillis();
        Map<String, long[]> purged = new HashMap<>();
        processes.deleteWhere((key, state) -> {
            // An exit missed while the host's collector was down shows as a process not seen for long.
            long lastHeardOf = state.exitedAt() != null ? state.exitedAt() : state.lastSeen();
            if (lastHeardOf >= cutoff) {
                return false;
            }
            closeBucket(key, state); // other stores: safe while the processes iterator is open
            mappingSets.delete(key);
            pendingLists.forget(key);
            purged.computeIfAbsent(state.latest().hostId(), h -> new long[2])[state.live() ? 0 : 1]++;
            return true;
        });
        purged.forEach((hostId, counts) -> {
            HostState host = hosts.get(hostId);
            if (host != null) {
                hosts.put(hostId, host.withCounts(host.counts().plus(-counts[0], -counts[1], 0, 0, 0)));
            }
        });
    }
}
