package io.memfleet.aggregator.detect;

import io.memfleet.schema.AnomalyStatus;
import io.memfleet.schema.AnomalyType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Deterministic anomaly ids: the same process, type, episode and status always give the same id,
 * so a consumer that sees an event twice (a replay, a restarted aggregator) can drop the copy.
 */
public final class AnomalyIds {

    private AnomalyIds() {
    }

    public static String of(String hostId, String bootId, int pid, long startTime, AnomalyType type, String episode,
                            AnomalyStatus status) {
        String identity = String.join("\u0000", hostId, bootId, Integer.toString(pid), Long.toString(startTime),
                type.name(), episode, status.name());
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
