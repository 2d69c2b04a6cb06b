package io.memfleet.collector.sample;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Who this host is: the record key {@code hostId}, the kernel's {@code bootId} (pids and start
 * times are unique only within one boot) and its {@code hostname}.
 */
public record HostIdentity(String hostId, String bootId, String hostname) {

    public HostIdentity {
        Objects.requireNonNull(hostId, "hostId");
        Objects.requireNonNull(bootId, "bootId");
        Objects.requireNonNull(hostname, "hostname");
        if (hostId.isBlank()) {
            throw new IllegalArgumentException("host id is empty");
        }
    }

    /**
     * The host id: {@code override} if not empty, else the first line of {@code machineIdFile}
     * (systemd's {@code /etc/machine-id}, stable across reboots and unique per installation).
     */
    public static String resolveHostId(String override, Path machineIdFile) {
        if (override != null && !override.isBlank()) {
            return override.trim();
        }
        try {
            String id = Files.readString(machineIdFile, StandardCharsets.UTF_8).lines().findFirst().orElse("").trim();
            if (id.isEmpty()) {
                throw new IllegalStateException(machineIdFile + " is empty: set host.id (--host-id)");
            }
            return id;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the host id from " + machineIdFile + " (" + e
                    + "): set host.id (--host-id)", e);
        }
    }
}
