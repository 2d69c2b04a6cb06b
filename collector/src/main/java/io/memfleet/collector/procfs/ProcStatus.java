package io.memfleet.collector.procfs;

import java.util.Objects;

/**
 * The fields of {@code /proc/<pid>/status} that memfleet uses. Memory fields are in kB and null
 * when the kernel leaves the line out, as it does for kernel threads and zombies: absent is not zero.
 *
 * @param name    the Name line, unescaped ({@code \n} and {@code \\} back to the bytes), so it equals stat's comm
 * @param state   the State letter, {@code "S"} from {@code "S (sleeping)"}
 * @param ppid    PPid
 * @param uid     the real uid, first column of Uid (uid_t is unsigned 32-bit, hence a long)
 * @param threads Threads
 */
public record ProcStatus(
        String name,
        String state,
        int ppid,
        long uid,
        int threads,
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
        Long vmSwapKb) {

    public ProcStatus {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(state, "state");
    }
}
