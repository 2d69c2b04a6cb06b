package io.memfleet.aggregator.detect;

/** A process the detectors were watching has exited: its open episodes end. */
public record ExitNotice(String hostId, String hostname, String bootId, int pid, long startTime, String processName,
                         long exitedAt) {
}
