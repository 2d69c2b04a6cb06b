package io.memfleet.collector.procfs;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A short fingerprint of a raw maps file: the collector sends the full mapping list only when it
 * changes. Taken over the bytes, not the parsed list, so nothing a parser normalises can hide a change.
 */
public final class MapsDigest {

    /** 128 bits of SHA-256: collisions are not a concern at this size, and the hex stays short (32 chars). */
    static final int DIGEST_BYTES = 16;

    private MapsDigest() {
    }

    public static String of(byte[] rawMaps) {
        return of(rawMaps, rawMaps.length);
    }

    /** The digest of the first {@code length} bytes of {@code rawMaps}. */
    static String of(byte[] rawMaps, int length) {
        MessageDigest sha256 = sha256();
        sha256.update(rawMaps, 0, length);
        return HexFormat.of().formatHex(Arrays.copyOf(sha256.digest(), DIGEST_BYTES));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            // Every Java platform must provide SHA-256 (MessageDigest javadoc), so this is a broken JVM.
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }
}
