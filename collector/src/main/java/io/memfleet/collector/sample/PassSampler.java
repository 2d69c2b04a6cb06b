package io.memfleet.collector.sample;

import io.memfleet.collector.procfs.ProcStat;
import io.memfleet.collector.procfs.ProcStatus;
import io.memfleet.collector.procfs.ProcessSnapshot;
import io.memfleet.collector.procfs.ProcfsException;
import io.memfleet.collector.procfs.ProcfsReader;
import io.memfleet.schema.HostHeartbeat;
import io.memfleet.schema.MappingsPart;
import io.memfleet.schema.ProcessExit;
import io.memfleet.schema.ProcessSample;
import io.memfleet.schema.SampleRecord;
import io.memfleet.schema.codec.WireFormat;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns procfs into records, one pass at a time. It remembers what the previous pass saw, so it
 * can send a process's mapping list only when the maps digest changed (or a resync is due) and
 * publish a {@link ProcessExit} for every process that is gone. Not thread-safe: one pass at a
 * time.
 */
public final class PassSampler {

    private static final Logger LOG = LoggerFactory.getLogger(PassSampler.class);

    private final ProcfsReader reader;
    private final HostIdentity host;
    private final String runId;
    private final long resyncIntervalMs;
    private final LongSupplier clock;
    private final AtomicLong sequence;
    private final ProcessFilter filter;
    /** Null when command lines are not collected. */
    private final CmdlineReader cmdlines;
    /** Null when cgroup limits are not reported. */
    private final CgroupMemoryLimits limits;
    private final MappingListSplitter splitter;
    /** Null when identities are not read (tests, benchmarks of the bare pass). */
    private final ProcessIdentityReader identities;
    /** The processes of the previous pass, by pid. */
    private Map<Integer, Seen> previous = new HashMap<>();

    /** What the previous pass knew of a process. */
    private record Seen(long startTime, String name, String mapsDigest, long mappingsSentAt) {
    }

    /**
     * @param sequence shared with whoever else numbers this run's records, so {@code seq} is
     *                 monotonic over everything the run sends
     */
    public PassSampler(ProcfsReader reader, HostIdentity host, String runId, Duration resyncInterval,
                       LongSupplier clock, AtomicLong sequence) {
        this(reader, host, runId, resyncInterval, clock, sequence, ProcessFilter.ALL, null, null,
                new MappingListSplitter(WireFormat.JSON));
    }

    /**
     * @param filter   which processes to sample
     * @param cmdlines reads (and redacts) command lines, or null not to collect them
     * @param limits   reads cgroup memory limits, or null not to report them
     * @param splitter sends a mapping list too big for one record in parts, in the run's wire format
     */
    public PassSampler(ProcfsReader reader, HostIdentity host, String runId, Duration resyncInterval,
                       LongSupplier clock, AtomicLong sequence, ProcessFilter filter, CmdlineReader cmdlines,
                       CgroupMemoryLimits limits, MappingListSplitter splitter) {
        this(reader, host, runId, resyncInterval, clock, sequence, filter, cmdlines, limits, splitter, null);
    }

    /**
     * @param identities reads exe, build id and cgroup when a mapping list is sent, or null not to
     */
    public PassSampler(ProcfsReader reader, HostIdentity host, String runId, Duration resyncInterval,
                       LongSupplier clock, AtomicLong sequence, ProcessFilter filter, CmdlineReader cmdlines,
                       CgroupMemoryLimits limits, MappingListSplitter splitter, ProcessIdentityReader identities) {
        this.identities = identities;
        this.splitter = splitter;
        this.filter = filter;
        this.cmdlines = cmdlines;
        this.limits = limits;
        this.reader = reader;
        this.host = host;
        this.runId = runId;
        this.resyncIntervalMs = resyncInterval.toMillis();
        this.clock = clock;
        this.sequence = sequence;
    }

    /** One pass, its records collected in a list (tests, benchmarks). */
    public PassResult sample() {
        List<SampleRecord> records = new ArrayList<>();
        PassSummary summary = sample(records::add);
        return new PassResult(records, summary);
    }

    /**
     * One pass, each record handed to {@code sink} as soon as it is made (samples in pid order,
     * then exits), so only one process's mapping list is in memory at a time.
     */
    public PassSummary sample(Consumer<SampleRecord> sink) {
        long startedAt = clock.getAsLong();
        List<Integer> pids;
        try {
            pids = reader.listPids();
        } catch (ProcfsException e) {
            // Without the pid list there is nothing to sample; the caller logs and retries next pass.
            throw new IllegalStateException("cannot list processes: " + e.getMessage(), e);
        }
        if (limits != null) {
            limits.newPass();
        }
        Map<Integer, Seen> current = new HashMap<>(pids.size() * 2);
        int sampled = 0;
        int records = 0;
        int unreadable = 0;
        int vanished = 0;
        int malformed = 0;
        for (int pid : pids) {
            ProcessSnapshot snapshot;
            try {
                snapshot = reader.read(pid);
            } catch (ProcfsException e) {
                switch (e.reason()) {
                    case GONE -> vanished++;
                    case UNREADABLE -> unreadable++;
                    case MALFORMED -> malformed++;
                }
                Seen before = previous.get(pid);
                if (before != null && e.reason() != ProcfsException.Reason.GONE) {
                    current.put(pid, before); // still there, only unreadable this time: not an exit
                }
                LOG.debug("skipped pid {}: {}", pid, e.getMessage());
                continue;
            }
            ProcStat stat = snapshot.stat();
            if (!filter.accepts(stat.comm(), snapshot.status().uid())) {
                continue; // neither sampled nor counted; never seen, so it never "exits" either
            }
            Seen before = previous.get(pid);
            if (before != null && before.startTime() != stat.startTime()) {
                before = null; // the pid was reused: a new process (the old one's exit is sent below)
            }
            boolean sendMappings = before == null
                    || !before.mapsDigest().equals(snapshot.mapsDigest())
                    || (resyncIntervalMs > 0 && startedAt - before.mappingsSentAt() >= resyncIntervalMs);
            long mappingsSentAt = sendMappings ? startedAt : before.mappingsSentAt();
            current.put(pid, new Seen(stat.startTime(), stat.comm(), snapshot.mapsDigest(), mappingsSentAt));
            // A big list's parts come first, numbered before their sample, so the sample finds them whole.
            for (SampleRecord record : splitter.split(toSample(snapshot, startedAt, sendMappings))) {
                sink.accept(numbered(record));
                records++;
            }
            sampled++;
        }
        for (Map.Entry<Integer, Seen> gone : previous.entrySet()) {
            Seen now = current.get(gone.getKey());
            if (now == null || now.startTime() != gone.getValue().startTime()) {
                sink.accept(new ProcessExit(runId, sequence.incrementAndGet(), host.hostId(), host.bootId(),
                        gone.getKey(), gone.getValue().startTime(), gone.getValue().name(), startedAt));
                records++;
            }
        }
        previous = current;
        return new PassSummary(startedAt, sampled, unreadable, vanished, malformed, records);
    }

    /** The heartbeat that closes a pass, numbered after its records. */
    public HostHeartbeat heartbeat(PassSummary pass, long intervalMs, String collectorVersion, long recordsSent,
                                   long bytesSent, long recordsDropped, long spoolBytes) {
        return new HostHeartbeat(runId, sequence.incrementAndGet(), host.hostId(), host.hostname(), host.bootId(),
                collectorVersion, pass.startedAt(), intervalMs, pass.processesSeen(), pass.processesUnreadable(),
                pass.processesVanished(), pass.processesMalformed(), clock.getAsLong() - pass.startedAt(),
                recordsSent, bytesSent, recordsDropped, spoolBytes, HostMemory.memTotalKb(reader.root()));
    }

    private SampleRecord numbered(SampleRecord record) {
        long seq = sequence.incrementAndGet();
        return record instanceof MappingsPart part ? part.withSeq(seq) : ((ProcessSample) record).withSeq(seq);
    }

    /**
     * Numbered 0: {@link #numbered} gives it its seq once it is known what goes before it. The
     * identity travels with the mapping list, the protocol's "full state" moment: first sight,
     * change, resync. A process can exec or move to another cgroup; the next list says so.
     */
    private ProcessSample toSample(ProcessSnapshot snapshot, long sampledAt, boolean withMappings) {
        ProcessSample sample = toBareSample(snapshot, sampledAt, withMappings);
        if (!withMappings || identities == null) {
            return sample;
        }
        ProcessIdentityReader.Identity id = identities.read(snapshot.pid(), snapshot.status().vmSizeKb() != null);
        return sample.withIdentity(id.exe(), id.buildId(), id.cgroup(), id.unit(), id.containerId());
    }

    private ProcessSample toBareSample(ProcessSnapshot snapshot, long sampledAt, boolean withMappings) {
        ProcStat stat = snapshot.stat();
        ProcStatus status = snapshot.status();
        return new ProcessSample(runId, 0, host.hostId(), host.bootId(), snapshot.pid(),
                stat.startTime(), stat.ppid(), stat.comm(), status.uid(), stat.state(), stat.numThreads(), sampledAt,
                status.vmPeakKb(), status.vmSizeKb(), status.vmLckKb(), status.vmPinKb(), status.vmHwmKb(),
                status.vmRssKb(), status.rssAnonKb(), status.rssFileKb(), status.rssShmemKb(), status.vmDataKb(),
                status.vmStkKb(), status.vmExeKb(), status.vmLibKb(), status.vmPteKb(), status.vmSwapKb(),
                snapshot.mappings().size(), snapshot.mapsDigest(), withMappings ? snapshot.mappings() : null,
                withMappings && cmdlines != null ? cmdlines.read(snapshot.pid()) : null,
                withMappings && limits != null ? limits.limitKb(snapshot.pid()) : null);
    }
}
