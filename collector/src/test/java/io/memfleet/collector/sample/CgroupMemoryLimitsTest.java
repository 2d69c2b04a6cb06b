package io.memfleet.collector.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CgroupMemoryLimitsTest {

    @TempDir
    Path root;

    private Path proc() {
        return root.resolve("proc");
    }

    private Path cgroup() {
        return root.resolve("cgroup");
    }

    private void process(int pid, String cgroupFile) throws IOException {
        Files.createDirectories(proc().resolve(Integer.toString(pid)));
        Files.writeString(proc().resolve(pid + "/cgroup"), cgroupFile);
    }

    private void write(String relative, String content) throws IOException {
        Path file = cgroup().resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    @Test
    void shouldTakeTheSmallestLimitUpTheV2Hierarchy() throws IOException {
        write("cgroup.controllers", "cpu memory\n");
        write("memory.max", "max\n");
        write("system.slice/memory.max", "1073741824\n"); // 1 GiB on the parent
        write("system.slice/app.service/memory.max", "max\n");
        process(10, "0::/system.slice/app.service\n");

        assertThat(new CgroupMemoryLimits(proc(), cgroup()).limitKb(10)).isEqualTo(1_048_576);
    }

    @Test
    void shouldReadV1AndTreatItsHugeNumberAsNoLimit() throws IOException {
        write("memory/memory.limit_in_bytes", "9223372036854771712\n");
        write("memory/docker/abc/memory.limit_in_bytes", "536870912\n");
        write("memory/free/memory.limit_in_bytes", "9223372036854771712\n");
        process(11, "12:pids:/docker/abc\n4:memory:/docker/abc\n0::/\n");
        process(12, "4:memory:/free\n");

        CgroupMemoryLimits limits = new CgroupMemoryLimits(proc(), cgroup());

        assertThat(limits.limitKb(11)).isEqualTo(524_288);
        assertThat(limits.limitKb(12)).as("unlimited").isNull();
    }

    @Test
    void shouldGiveNullForAProcessThatIsGoneOrHasNoMemoryCgroup() throws IOException {
        process(13, "1:cpu:/x\n");
        CgroupMemoryLimits limits = new CgroupMemoryLimits(proc(), cgroup());

        assertThat(limits.limitKb(13)).isNull();
        assertThat(limits.limitKb(99)).isNull();
    }

    @Test
    void shouldReadThisMachinesOwnLimitWithoutFailing() {
        Long limit = new CgroupMemoryLimits(Path.of("/proc"), Path.of("/sys/fs/cgroup"))
                .limitKb((int) ProcessHandle.current().pid());
        assertThat(limit == null || limit > 0).isTrue();
    }

    @Test
    void shouldReadMemTotal() throws IOException {
        Files.createDirectories(proc());
        Files.writeString(proc().resolve("meminfo"), "MemTotal:       24684092 kB\nMemFree: 1 kB\n");

        assertThat(HostMemory.memTotalKb(proc())).isEqualTo(24_684_092);
        assertThat(HostMemory.memTotalKb(root.resolve("nowhere"))).isNull();
        assertThat(HostMemory.memTotalKb(Path.of("/proc"))).isPositive();
    }
}
