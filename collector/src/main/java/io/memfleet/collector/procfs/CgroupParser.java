package io.memfleet.collector.procfs;

/**
 * Parses {@code /proc/<pid>/cgroup} into the one cgroup path that says where a process runs.
 *
 * <p>Each line is {@code hierarchy-id:controllers:path}; the path may itself hold ':'. A cgroup v2
 * host has one line, {@code 0::/path}. A v1 or hybrid host has one line per hierarchy, and there the
 * unified {@code 0::} line is taken when it places the process anywhere but the root; a manager that
 * does not use the unified hierarchy (Docker's or the kubelet's cgroupfs driver on a hybrid host)
 * leaves every process at {@code 0::/}, so then the systemd hierarchy ({@code name=systemd}) and
 * after it the {@code memory} one, which every runtime configures, say more.
 */
public final class CgroupParser {

    private CgroupParser() {
    }

    /** The path ({@code /system.slice/nginx.service}), or null when the file names none. */
    public static String path(String content) {
        String unified = null;
        String systemd = null;
        String memory = null;
        for (String line : content.split("\n")) {
            int first = line.indexOf(':');
            int second = first < 0 ? -1 : line.indexOf(':', first + 1);
            if (second < 0) {
                continue;
            }
            String id = line.substring(0, first);
            String controllers = line.substring(first + 1, second);
            String path = line.substring(second + 1);
            if (!path.startsWith("/")) {
                continue;
            }
            if (id.equals("0") && controllers.isEmpty()) {
                unified = path;
            }
            for (String controller : controllers.split(",")) {
                if (controller.equals("name=systemd") && systemd == null) {
                    systemd = path;
                } else if (controller.equals("memory") && memory == null) {
                    memory = path;
                }
            }
        }
        if (unified != null && !unified.equals("/")) {
            return unified;
        }
        if (systemd != null && !systemd.equals("/")) {
            return systemd;
        }
        if (memory != null && !memory.equals("/")) {
            return memory;
        }
        return unified != null ? unified : systemd != null ? systemd : memory;
    }
}
