package io.memfleet.schema;

import java.util.List;
import java.util.Objects;

/**
 * One process on one host at one time. Field meanings and units: {@code ProcessSample.avsc}.
 * Memory fields are in kB and null where the kernel omits them (kernel threads).
 * {@code mappings} is null unless the mapping set changed or a resync is due; {@code cmdline} is
 * null unless the collector collects command lines, and then travels with the mapping list. The
 * identity fields ({@code exe}, {@code buildId}, {@code cgroup}, {@code unit}, {@code containerId})
 * travel with the mapping list too, and are null in the samples between.
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
        Long memoryLimitKb,
        String exe,
        String buildId,
        String cgroup,
        String unit,
        String containerId) implements SampleRecord {

    /** A sample without identity fields: what the previous version's records decode to. */
    public ProcessSample(String runId, long seq, String hostId, String bootId, int pid, long startTime, int ppid,
                         String name, long uid, String state, int threads, long sampledAt, Long vmPeakKb,
                         Long vmSizeKb, Long vmLckKb, Long vmPinKb, Long vmHwmKb, Long vmRssKb, Long rssAnonKb,
                         Long rssFileKb, Long rssShmemKb, Long vmDataKb, Long vmStkKb, Long vmExeKb, Long vmLibKb,
                         Long vmPteKb, Long vmSwapKb, int mapCount, String mapsDigest, List<Mapping> mappings,
                         List<String> cmdline, Long memoryLimitKb) {
        this(runId, seq, hostId, bootId, pid, startTime, ppid, name, uid, state, threads, sampledAt, vmPeakKb,
                vmSizeKb, vmLckKb, vmPinKb, vmHwmKb, vmRssKb, rssAnonKb, rssFileKb, rssShmemKb, vmDataKb, vmStkKb,
                vmExeKb, vmLibKb, vmPteKb, vmSwapKb, mapCount, mapsDigest, mappings, cmdline, memoryLimitKb,
                null, null, null, null, null);
    }

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
                newMappings, cmdline, memoryLimitKb, exe, buildId, cgroup, unit, containerId);
    }

    /** The same sample with another name and command line (the aggregator's caps on their sizes). */
    public ProcessSample withNameAndCmdline(String newName, List<String> newCmdline) {
        return new ProcessSample(runId, seq, hostId, bootId, pid, startTime, ppid, newName, uid, state, threads,
                sampledAt, vmPeakKb, vmSizeKb, vmLckKb, vmPinKb, vmHwmKb, vmRssKb, rssAnonKb, rssFileKb,
                rssShmemKb, vmDataKb, vmStkKb, vmExeKb, vmLibKb, vmPteKb, vmSwapKb, mapCount, mapsDigest,
                mappings, newCmdline, memoryLimitKb, exe, buildId, cgroup, unit, containerId);
    }

    public ProcessSample withSeq(long newSeq) {
        return new ProcessSample(runId, newSeq, hostId, bootId, pid, startTime, ppid, name, uid, state, threads,
                sampledAt, vmPeakKb, vmSizeKb, vmLckKb, vmPinKb, vmHwmKb, vmRssKb, rssAnonKb, rssFileKb,
                rssShmemKb, vmDataKb, vmStkKb, vmExeKb, vmLibKb, vmPteKb, vmSwapKb, mapCount, mapsDigest,
                mappings, cmdline, memoryLimitKb, exe, buildId, cgroup, unit, containerId);
    }

    /** The same sample with the process's identity (sent with its mapping list). */
    public ProcessSample withIdentity(String newExe, String newBuildId, String newCgroup, String newUnit,
                                      String newContainerId) {
        return new ProcessSample(runId, seq, hostId, bootId, pid, startTime, ppid, name, uid, state, threads,
                sampledAt, vmPeakKb, vmSizeKb, vmLckKb, vmPinKb, vmHwmKb, vmRssKb, rssAnonKb, rssFileKb,
                rssShmemKb, vmDataKb, vmStkKb, vmExeKb, vmLibKb, vmPteKb, vmSwapKb, mapCount, mapsDigest,
                mappings, cmdline, memoryLimitKb, newExe, newBuildId, newCgroup, newUnit, newContainerId);
    }
}
