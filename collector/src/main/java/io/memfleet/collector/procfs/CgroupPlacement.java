package io.memfleet.collector.procfs;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a cgroup path means: the systemd unit a process runs in and the container it belongs to.
 * A pure function of the path, which is all the layouts below need:
 *
 * <ul>
 *   <li>systemd: the innermost {@code .service}, {@code .scope}, {@code .socket}, {@code .mount} or
 *       {@code .swap} component is the unit ({@code /user.slice/user-1000.slice/user@1000.service/
 *       app.slice/foo.service} is {@code foo.service}: the user's own unit, not their manager);
 *       components below it (delegated subtrees, Podman's {@code /container}) stay in it;</li>
 *   <li>containers: a component {@code docker-ID.scope}, {@code cri-containerd-ID.scope},
 *       {@code crio-ID.scope} or {@code libpod-ID.scope} (systemd cgroup driver), {@code libpod-ID}
 *       (Podman's cgroupfs manager), or a bare ID ({@code /docker/ID},
 *       {@code /kubepods/burstable/podUID/ID}: cgroupfs drivers), ID being 64 hex digits. The
 *       innermost one wins (a container in a container runs in the inner one). The runtimes'
 *       {@code *-conmon-ID.scope} monitors are outside their containers and do not count.</li>
 * </ul>
 */
public record CgroupPlacement(String unit, String containerId) {

    static final CgroupPlacement NONE = new CgroupPlacement(null, null);

    private static final Pattern UNIT = Pattern.compile(".+\\.(service|scope|socket|mount|swap)");
    private static final Pattern CONTAINER = Pattern.compile(
            "(?:(?:docker|cri-containerd|crio|libpod)-)?([0-9a-f]{64})(?:\\.scope)?");

    /** The placement of a cgroup path; null parts where the path says nothing. */
    public static CgroupPlacement of(String path) {
        if (path == null) {
            return NONE;
        }
        String unit = null;
        String containerId = null;
        for (String component : path.split("/")) {
            if (UNIT.matcher(component).matches()) {
                unit = component;
            }
            Matcher container = CONTAINER.matcher(component);
            if (container.matches()) {
                containerId = container.group(1);
            }
        }
        return new CgroupPlacement(unit, containerId);
    }
}
