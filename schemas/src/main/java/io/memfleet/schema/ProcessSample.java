package io.memfleet.schema;

import java.util.List;
import java.util.Objects;

/**
 * One process on one host at one time. Field meanings and units: {@code ProcessSample.avsc}.
 * Memory fields are in kB and null where the kernel omits them (kernel threads).
 * {@code mappings} is null unless the mapping set changed or a resync is due; {@code cmdline} is
 * null unless the collector collects command lines, and then travels with the mapping list.
 */
public record ProcessSample(
        String runId,
        long seq,
        String hostId,
        String bootId,
        int pid,
        long startTime,
        int ppid,
        String name,
        long uid,
        String state,
        int threads,
        long sampledAt,
        Long vmPeakKb,
        Long vmSizeKb,
        Long vmLckKb,
        Long vmPinKb,
        Long vmHwmKb,
        Long vmRssKb,
        Long rssAnonKb,
        Long rssFileKb,
        Long rssShmemKb,
        Long vmDataKb,
        Long vmStkKb,
        Long vmExeKb,
        Long vmLibKb,
        Long vmPteKb,
        Long vmSwapKb,
        int mapCount,
        String mapsDigest,
        List<Mapping> mappings,
        List<String> cmdline,
        Long memoryLimitKb) implements SampleRecord {

    public ProcessSample {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(hostId, "hostId");
        Objects.requireNonNull(bootId, "bootId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(mapsDigest, "mapsDigest");
        mappings = mappings == null ? null : List.copyOf(mappings);
        cmdline = cmdline == null ? null : List.copyOf(cmdline);
    }

    /** The same sample without its mapping list (an unchanged pass sends only the digest). */
    public ProcessSample withoutMappings() {
        return mappings == null ? this : withMappings(null);
    }

    public ProcessSample withMappings(List<Mapping> newMappings) {
        return new ProcessSample(runId, seq, hostId, bootId, pid, startTime, ppid, name, uid, state, threads,
                sampledAt, vmPeakKb, vmSizeKb, vmLckKb, vmPinKb, vmHwmKb, vmRssKb, rssAnonKb, rssFileKb,
                rssShmemKb, vmDataKb, vmStkKb, vmExeKb, vmLibKb, vmPteKb, vmSwapKb, mapCount, mapsDigest,
                newMappings, cmdline, memoryLimitKb);
    }

    /** The same sample with another name and command line (the aggregator's caps on their sizes). */
    public ProcessSample withNameAndCmdline(String newName, List<String> newCmdline) {
        return new ProcessSample(runId, seq, hostId, bootId, pid, startTime, ppid, newName, uid, state, threads,
                sampledAt, vmPeakKb, vmSizeKb, vmLckKb, vmPinKb, vmHwmKb, vmRssKb, rssAnonKb, rssFileKb,
                rssShmemKb, vmDataKb, vmStkKb, vmExeKb, vmLibKb, vmPteKb, vmSwapKb, mapCount, mapsDigest,
                mappings, newCmdline, memoryLimitKb);
    }

    public ProcessSample withSeq(long newSeq) {
        return new ProcessSample(runId, newSeq, hostId, bootId, pid, startTime, ppid, name, uid, state, threads,
                sampledAt, vmPeakKb, vmSizeKb, vmLckKb, vmPinKb, vmHwmKb, vmRssKb, rssAnonKb, rssFileKb,
                rssShmemKb, vmDataKb, vmStkKb, vmExeKb, vmLibKb, vmPteKb, vmSwapKb, mapCount, mapsDigest,
                mappings, cmdline, memoryLimitKb);
    }
}
