package io.memfleet.collector.sample;

import io.memfleet.collector.procfs.CgroupParser;
import io.memfleet.collector.procfs.CgroupPlacement;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a process runs and where: its executable ({@code /proc/<pid>/exe}), that file's build id, its
 * cgroup and the unit and container the cgroup names. Read when the process's mapping list is sent,
 * not every pass. Each part is optional: {@code exe} needs ptrace access to the process (another
 * user's is unreadable without CAP_SYS_PTRACE) while its cgroup is readable by anyone, so one may be
 * there without the other. Not thread-safe (the build-id cache).
 */
public final class ProcessIdentityReader {

    /** The identity fields of a sample; null parts unknown. */
    public record Identity(String exe, String buildId, String cgroup, String unit, String containerId) {
        public static final Identity NONE = new Identity(null, null, null, null, null);
    }

    private final Path procRoot;
    private final BuildIdCache buildIds;

    public ProcessIdentityReader(Path procRoot, BuildIdCache buildIds) {
        this.procRoot = procRoot;
        this.buildIds = buildIds;
    }

    /**
     * @param addressSpace false for kernel threads (and zombies), which run no executable of their
     *                     own: they get no identity at all
     */
    public Identity read(int pid, boolean addressSpace) {
        if (!addressSpace) {
            return Identity.NONE;
        }
        Path dir = procRoot.resolve(Integer.toString(pid));
        Path exeLink = dir.resolve("exe");
        String exe;
        try {
            exe = Files.readSymbolicLink(exeLink).toString();
        } catch (IOException | UnsupportedOperationException e) {
            exe = null;
        }
        String buildId = exe == null ? null : buildIds.buildId(exeLink);
        String cgroup;
        try {
            cgroup = CgroupParser.path(Files.readString(dir.resolve("cgroup"), StandardCharsets.UTF_8));
        } catch (IOException e) {
            cgroup = null;
        }
        CgroupPlacement placement = CgroupPlacement.of(cgroup);
        return new Identity(exe, buildId, cgroup, placement.unit(), placement.containerId());
    }
}
