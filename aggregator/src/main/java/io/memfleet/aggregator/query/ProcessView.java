package io.memfleet.aggregator.query;

import io.memfleet.aggregator.topology.ProcessState;
import io.memfleet.schema.ProcessSample;
import java.util.Comparator;
import java.util.List;

/**
 * A process as the HTTP API shows it: identity, its latest facts, and its latest memory fields in
 * kB named as in the records (absent where the kernel omits them), its command line when the
 * collector collects it, and what it runs and where (exe, build id, cgroup, unit, container; absent
 * when unknown). Times are ISO-8601 UTC.
 */
public record ProcessView(
        int pid,
        long startTime,
        String bootId,
        String name,
        int ppid,
        long uid,
        String state,
        int threads,
        String firstSeen,
        String lastSeen,
        String exitedAt,
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
        boolean mappingsOutOfSync,
        List<String> cmdline,
        String exe,
        String buildId,
        String cgroup,
        String unit,
        String containerId) {

    /**
     * The API's order: largest RSS first, so the processes people look for come first; kernel
     * threads (no RSS) last; ties by pid.
     */
    static final Comparator<ProcessView> LARGEST_FIRST = Comparator
            .comparing(ProcessView::vmRssKb, Comparator.nullsLast(Comparator.<Long>reverseOrder()))
            .thenComparingInt(ProcessView::pid);

    static ProcessView of(ProcessState process) {
        ProcessSample s = process.latest();
        return new ProcessView(s.pid(), s.startTime(), s.bootId(), s.name(), s.ppid(), s.uid(), s.state(), s.threads(),
                IsoTime.of(process.firstSeen()), IsoTime.of(process.lastSeen()),
                process.exitedAt() == null ? null : IsoTime.of(process.exitedAt()), s.vmPeakKb(), s.vmSizeKb(),
                s.vmLckKb(),
                s.vmPinKb(), s.vmHwmKb(), s.vmRssKb(), s.rssAnonKb(), s.rssFileKb(), s.rssShmemKb(), s.vmDataKb(),
                s.vmStkKb(), s.vmExeKb(), s.vmLibKb(), s.vmPteKb(), s.vmSwapKb(), s.mapCount(), s.mapsDigest(),
                process.mappingsOutOfSync(), process.cmdline(), s.exe(), s.buildId(), s.cgroup(), s.unit(),
                s.containerId());
    }
}
