package io.memfleet.aggregator.topology;

import io.memfleet.aggregator.codec.BinaryIn;
import io.memfleet.aggregator.codec.BinaryOut;
import io.memfleet.schema.HostHeartbeat;
import io.memfleet.schema.SampleRecord;

/**
 * What the aggregator knows of one host. {@code samplesLost} counts gaps in the collector's
 * {@code seq} within one collector run, and the records missing before the first one seen of a
 * later run; a new run id is a restart, not loss, and is counted in {@code collectorRestarts}.
 * {@code duplicatesDropped} counts records delivered twice and folded once.
 */
public record HostState(
        String hostId,
        String hostname,
        String bootId,
        String collectorVersion,
        long firstSeen,
        long lastSeen,
        String runId,
        long lastSeq,
        long samplesLost,
        long duplicatesDropped,
        int processCount,
        int processesUnreadable,
        long intervalMs,
        Long memTotalKb,
        long collectorRestarts) {

    /** A host's first record. */
    static HostState first(SampleRecord record, long now) {
        return new HostState(record.hostId(), "", "", "", now, now, record.runId(), record.seq() - 1, 0, 0, 0, 0, 0,
                null, 0);
    }

    /** Accounts for one more record: seq gaps, last seen. */
    HostState withRecord(SampleRecord record, long now) {
        long lost = samplesLost;
        long seq = lastSeq;
        long restarts = collectorRestarts;
        if (record.runId().equals(runId)) {
            if (record.seq() > lastSeq + 1) {
                lost += record.seq() - lastSeq - 1;
            }
            seq = Math.max(lastSeq, record.seq());
        } else {
            // A new collector run numbers from 1 again; a run whose first record here is not seq 1
            // lost the ones before it (its spool dropped them at its cap, say).
            restarts++;
            lost += Math.max(0, record.seq() - 1);
            seq = record.seq();
        }
        return new HostState(hostId, hostname, bootId, collectorVersion, firstSeen, Math.max(lastSeen, now),
                record.runId(), seq, lost, duplicatesDropped, processCount, processesUnreadable, intervalMs,
                memTotalKb, restarts);
    }

    /** Takes the host's facts from a heartbeat. */
    HostState withHeartbeat(HostHeartbeat heartbeat) {
        return new HostState(hostId, heartbeat.hostname(), heartbeat.bootId(), heartbeat.collectorVersion(), firstSeen,
                lastSeen, runId, lastSeq, samplesLost, duplicatesDropped, heartbeat.processesSeen(),
                heartbeat.processesUnreadable(), heartbeat.intervalMs(),
                heartbeat.memTotalKb() != null ? heartbeat.memTotalKb() : memTotalKb, collectorRestarts);
    }

    /**
     * True for a record of the current collector run whose seq was already seen: the collector's
     * spool delivers at least once, so after a crash or a partly failed batch a record can come twice.
     */
    boolean isDuplicate(SampleRecord record) {
        return record.runId().equals(runId) && record.seq() <= lastSeq;
    }

    HostState withDuplicate() {
        return new HostState(hostId, hostname, bootId, collectorVersion, firstSeen, lastSeen, runId, lastSeq,
                samplesLost, duplicatesDropped + 1, processCount, processesUnreadable, intervalMs, memTotalKb,
                collectorRestarts);
    }

    /** 2 added {@code collectorRestarts}; a format 1 state reads as none. */
    private static final int FORMAT = 2;

    /** The store's binary form: a format version, then every field in declaration order. */
    byte[] toBytes() {
        return new BinaryOut(96).writeInt(FORMAT).writeString(hostId).writeString(hostname).writeString(bootId)
                .writeString(collectorVersion).writeLong(firstSeen).writeLong(lastSeen).writeString(runId)
                .writeLong(lastSeq).writeLong(samplesLost).writeLong(duplicatesDropped).writeInt(processCount)
                .writeInt(processesUnreadable).writeLong(intervalMs).writeNullableLong(memTotalKb).writeLong(collectorRestarts)
                .toBytes();
    }

    static HostState read(BinaryIn in) {
        int version = in.readVersion(FORMAT, "host state");
        return new HostState(in.readString(), in.readString(), in.readString(), in.readString(), in.readLong(),
                in.readLong(), in.readString(), in.readLong(), in.readLong(), in.readLong(), in.readInt(), in.readInt(),
                in.readLong(), in.readNullableLong(), version >= 2 ? in.readLong() : 0);
    }
}
