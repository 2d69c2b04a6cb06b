package io.memfleet.schema;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.Objects;

/**
 * One line of {@code /proc/<pid>/maps}.
 *
 * @param start  first address, an unsigned 64-bit value held in a {@code long} ({@code [vsyscall]}
 *               sits above {@code Long.MAX_VALUE}); compare with {@link Long#compareUnsigned}. JSON
 *               writes it in hex as the kernel does, since JSON numbers above 2^53 lose precision
 *               in jq and JavaScript
 * @param end    one past the last address, unsigned like {@code start}
 * @param perms  the four permission characters, {@code rwxp} or {@code rwxs} with {@code -} for absent
 * @param offset offset into the file, in bytes
 * @param dev    device as {@code major:minor}, in the kernel's hexadecimal
 * @param inode  inode number, 0 for anonymous memory
 * @param path   the path exactly as the kernel wrote it ({@code ""} for anonymous memory)
 * @param kind   what backs the mapping, derived from {@code path}
 */
public record Mapping(
        @JsonSerialize(using = UnsignedHex.Serializer.class) @JsonDeserialize(using = UnsignedHex.Deserializer.class)
        long start,
        @JsonSerialize(using = UnsignedHex.Serializer.class) @JsonDeserialize(using = UnsignedHex.Deserializer.class)
        long end,
        String perms, long offset, String dev, long inode, String path,
                      MappingKind kind) {

    public Mapping {
        Objects.requireNonNull(perms, "perms");
        Objects.requireNonNull(dev, "dev");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(kind, "kind");
    }

    /** A mapping whose kind is derived from its path. */
    public static Mapping of(long start, long end, String perms, long offset, String dev, long inode, String path) {
        return new Mapping(start, end, perms, offset, dev, inode, path, MappingKind.of(path));
    }

    /** Size in bytes (unsigned arithmetic, so it is right above {@code Long.MAX_VALUE} too). */
    public long sizeBytes() {
        return end - start;
    }

    public boolean executable() {
        return perms.length() > 2 && perms.charAt(2) == 'x';
    }

    public boolean writable() {
        return perms.length() > 1 && perms.charAt(1) == 'w';
    }
}
