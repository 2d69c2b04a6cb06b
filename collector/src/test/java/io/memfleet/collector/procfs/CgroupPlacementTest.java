package io.memfleet.collector.procfs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link CgroupParser} and {@link CgroupPlacement} on the cgroup files in {@code procfs/cgroup/}. */
class CgroupPlacementTest {

    private static final String ID = "3f1c2b8e9d0a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c";
    private static final String POD_SYSTEMD = "/kubepods.slice/kubepods-burstable.slice/"
            + "kubepods-burstable-pod1b2c3d4e_5f60_4a7b_8c9d_0e1f2a3b4c5d.slice";

    static Stream<Arguments> layouts() {
        return Stream.of(
                Arguments.of("captured-hybrid-root", "/", null, null),
                Arguments.of("captured-hybrid-memory-job", "/process_api/99f8e17b8bd2366f4372f5d0dc7619ef", null, null),
                Arguments.of("synthetic-v2-systemd-service", "/system.slice/nginx.service", "nginx.service", null),
                Arguments.of("synthetic-v2-session-scope", "/user.slice/user-1000.slice/session-3.scope",
                        "session-3.scope", null),
                Arguments.of("synthetic-v2-user-service",
                        "/user.slice/user-1000.slice/user@1000.service/app.slice/foo.service", "foo.service", null),
                Arguments.of("synthetic-v2-docker-systemd", "/system.slice/docker-" + ID + ".scope",
                        "docker-" + ID + ".scope", ID),
                Arguments.of("synthetic-v1-docker-cgroupfs", "/docker/" + ID, null, ID),
                Arguments.of("synthetic-v2-k8s-containerd-systemd", POD_SYSTEMD + "/cri-containerd-" + ID + ".scope",
                        "cri-containerd-" + ID + ".scope", ID),
                Arguments.of("synthetic-v1-k8s-cgroupfs", "/kubepods/burstable/pod1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c5d/"
                        + ID, null, ID),
                Arguments.of("synthetic-v2-crio", "/kubepods.slice/kubepods-besteffort.slice/"
                        + "kubepods-besteffort-pod1b2c3d4e_5f60_4a7b_8c9d_0e1f2a3b4c5d.slice/crio-" + ID + ".scope",
                        "crio-" + ID + ".scope", ID),
                Arguments.of("synthetic-v2-podman-root", "/machine.slice/libpod-" + ID + ".scope/container",
                        "libpod-" + ID + ".scope", ID),
                Arguments.of("synthetic-v2-podman-rootless",
                        "/user.slice/user-1000.slice/user@1000.service/user.slice/libpod-" + ID + ".scope/container",
                        "libpod-" + ID + ".scope", ID));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("layouts")
    void shouldFindPathUnitAndContainer(String fixture, String path, String unit, String containerId) {
        String parsed = CgroupParser.path(Fixtures.text("cgroup", fixture));

        assertThat(parsed).isEqualTo(path);
        assertThat(CgroupPlacement.of(parsed)).isEqualTo(new CgroupPlacement(unit, containerId));
    }

    @Test
    void shouldPreferTheUnifiedLineOverV1Ones() {
        assertThat(CgroupParser.path("4:memory:/a\n1:name=systemd:/b\n0::/c.service\n")).isEqualTo("/c.service");
    }

    @Test
    void shouldTakeTheSystemdHierarchyBeforeMemoryWhenTheUnifiedOneIsRoot() {
        assertThat(CgroupParser.path("4:memory:/a\n1:name=systemd:/b\n0::/\n")).isEqualTo("/b");
    }

    @Test
    void shouldKeepColonsInsideThePath() {
        assertThat(CgroupParser.path("0::/system.slice/a:b.service\n")).isEqualTo("/system.slice/a:b.service");
    }

    @Test
    void shouldGiveNothingForEmptyOrMalformedFiles() {
        assertThat(CgroupParser.path("")).isNull();
        assertThat(CgroupParser.path("garbage\n0:x\n")).isNull();
        assertThat(CgroupPlacement.of(null)).isEqualTo(new CgroupPlacement(null, null));
    }

    @Test
    void shouldNotTakeAConmonMonitorOrAShortIdForAContainer() {
        assertThat(CgroupPlacement.of("/machine.slice/libpod-conmon-" + ID + ".scope").containerId()).isNull();
        assertThat(CgroupPlacement.of("/docker/3f1c2b8e9d0a").containerId()).isNull();
    }

    @Test
    void shouldTakeTheInnermostContainer() {
        String inner = ID.replace('3', '4');
        assertThat(CgroupPlacement.of("/docker/" + ID + "/docker/" + inner).containerId()).isEqualTo(inner);
    }

    @Test
    void shouldParseThisProcesssOwnCgroupFile() throws Exception {
        String path = CgroupParser.path(Files.readString(Path.of("/proc/self/cgroup")));
        assertThat(path).startsWith("/");
        CgroupPlacement.of(path); // whatever this machine is, its own layout must not break the interpreter
    }
}
