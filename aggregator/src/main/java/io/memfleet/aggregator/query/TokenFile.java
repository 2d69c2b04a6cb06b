package io.memfleet.aggregator.query;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

/**
 * Reads the API's bearer token from a file ({@code http.auth.token.file}), so it is neither in the
 * process list nor in the main configuration. The file must hold one token of at least
 * {@value #MIN_LENGTH} characters of RFC 6750's token alphabet ({@code openssl rand -hex 32} makes
 * one), and must not be readable or writable by others, nor writable by its group: a token the
 * whole machine can read protects nothing. The token itself is never part of a message.
 */
public final class TokenFile {

    static final int MIN_LENGTH = 16;
    private static final int MAX_BYTES = 4096;

    private TokenFile() {
    }

    /** The token in {@code file}; an {@link IllegalArgumentException} says what is wrong with it. */
    public static String read(Path file) {
        checkPermissions(file);
        byte[] bytes;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new IllegalArgumentException("is larger than " + MAX_BYTES + " bytes: expected one token");
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot be read: " + e);
        }
        String token = new String(bytes, StandardCharsets.UTF_8).strip();
        if (token.isEmpty()) {
            throw new IllegalArgumentException("is empty: put a token in it (openssl rand -hex 32)");
        }
        if (token.lines().count() > 1) {
            throw new IllegalArgumentException("holds more than one line: expected one token");
        }
        if (!token.matches("[A-Za-z0-9._~+/-]+=*")) {
            throw new IllegalArgumentException("holds characters a bearer token cannot have: use letters, digits "
                    + "and - . _ ~ + / (openssl rand -hex 32)");
        }
        if (token.length() < MIN_LENGTH) {
            throw new IllegalArgumentException("holds a token of " + token.length() + " characters: at least "
                    + MIN_LENGTH + " are needed (openssl rand -hex 32)");
        }
        return token;
    }

    private static void checkPermissions(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(Files.exists(file) ? "is not a regular file" : "does not exist");
        }
        Set<PosixFilePermission> permissions;
        try {
            permissions = Files.getPosixFilePermissions(file);
        } catch (UnsupportedOperationException e) {
            return; // not a POSIX file system: nothing to check
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot be read: " + e);
        }
        if (permissions.contains(PosixFilePermission.OTHERS_READ) || permissions.contains(PosixFilePermission.OTHERS_WRITE)
                || permissions.contains(PosixFilePermission.GROUP_WRITE)) {
            throw new IllegalArgumentException("is open to others (" + java.nio.file.attribute.PosixFilePermissions
                    .toString(permissions) + "): chmod 600, or 640 owned by root and the service's group");
        }
    }
}
