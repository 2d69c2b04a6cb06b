package io.memfleet.collector.sample;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A process's effective cgroup memory limit: the smallest limit on its memory cgroup and every
 * ancestor, from cgroup v2 ({@code memory.max}) or v1 ({@code memory.limit_in_bytes}). The
 * anomaly detectors use it to say how long a leak has until the process is killed. Limits are
 * cached per cgroup for one pass: a host has many processes but few cgroups. Not thread-safe.
 */
public final class CgroupMemoryLimits {

    /** cgroup v1 writes "no limit" as a huge page-aligned number; anything this large is unlimited. */
    private static final long V1_UNLIMITED = Long.MAX_VALUE / 2;

    private final Path procRoot;
    private final Path cgroupRoot;
    private final Map<Path, Long> cache = new HashMap<>();

    public CgroupMemoryLimits(Path procRoot, Path cgroupRoot) {
        this.procRoot = procRoot;
        this.cgroupRoot = cgroupRoot;
    }

    /** Forgets cached limits: call once per pass, since limits can change. */
    public void newPass() {
        cache.clear();
    }

    /** The effective limit in kB, or null when there is none or it cannot be read. */
    public Long limitKb(int pid) {
        String cgroups;
        try {
            cgroups = Files.readString(procRoot.resolve(Integer.toString(pid)).resolve("cgroup"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null;
        }
        for (String line : cgroups.split("\n")) {
            // "hierarchy-id:controllers:path"; the path may itself contain ':'.
            int first = line.indexOf(':');
            int second = first < 0 ? -1 : line.indexOf(':', first + 1);
            if (second < 0) {
                continue;
            }
            String controllers = line.substring(first + 1, second);
            String path = line.substring(second + 1);
            if (controllers.isEmpty() && line.startsWith("0:") && Files.exists(cgroupRoot.resolve("cgroup.controllers"))) {
                return smallest(cgroupRoot, path, "memory.max");
            }
            for (String controller : controllers.split(",")) {
                if (controller.equals("memory")) {
                    return smallest(cgroupRoot.resolve("memory"), path, "memory.limit_in_bytes");
                }
            }
        }
        return null;
    }

    /** The smallest limit from {@code path} up to the hierarchy's root, kB. */
    private Long smallest(Path hierarchy, String path, String file) {
        Long smallest = null;
        Path dir = hierarchy.resolve(path.replaceFirst("^/+", ""));
        while (dir != null && dir.startsWith(hierarchy)) {
            Long limit = cache.computeIfAbsent(dir.resolve(file), CgroupMemoryLimits::readLimitBytes);
            if (limit != null && limit >= 0 && (smallest == null || limit < smallest)) {
                smallest = limit;
            }
            dir = dir.equals(hierarchy) ? null : dir.getParent();
        }
        return smallest == null ? null : smallest / 1024;
    }

    /** Bytes, or -1 for "no limit" or an unreadable file (cached as such). */
    private static Long readLimitBytes(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.US_ASCII).trim();
            if (text.equals("max")) {
                return -1L;
            }
            long bytes = Long.parseLong(text);
            return bytes >= V1_UNLIMITED ? -1L : bytes;
        } catch (IOException | NumberFormatException e) {
            return -1L;
        }
    }
}
