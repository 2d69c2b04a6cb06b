package io.memfleet.aggregator.detect.exec;

import io.memfleet.schema.Mapping;

/** A mapping written back as the line {@code /proc/<pid>/maps} had, byte for byte (for evidence). */
public final class MapsLine {

    /** The kernel pads the fields before a path to this width ({@code 25 + sizeof(void *) * 6 - 1}). */
    private static final int PATH_COLUMN = 72;

    private MapsLine() {
    }

    public static String of(Mapping mapping) {
        StringBuilder line = new StringBuilder(PATH_COLUMN + 1 + mapping.path().length());
        hex(line, mapping.start(), 8).append('-');
        hex(line, mapping.end(), 8).append(' ');
        line.append(mapping.perms()).append(' ');
        hex(line, mapping.offset(), 8).append(' ');
        line.append(mapping.dev()).append(' ');
        line.append(Long.toUnsignedString(mapping.inode())).append(' ');
        if (!mapping.path().isEmpty()) {
            while (line.length() < PATH_COLUMN) {
                line.append(' ');
            }
            line.append(' ').append(mapping.path());
        }
        return line.toString();
    }

    /** {@code start-end}, as in the first column. */
    public static String range(Mapping mapping) {
        StringBuilder range = new StringBuilder(33);
        hex(range, mapping.start(), 8).append('-');
        return hex(range, mapping.end(), 8).toString();
    }

    static String address(long address) {
        return hex(new StringBuilder(16), address, 8).toString();
    }

    private static StringBuilder hex(StringBuilder out, long value, int width) {
        String digits = Long.toHexString(value);
        for (int i = digits.length(); i < width; i++) {
            out.append('0');
        }
        return out.append(digits);
    }
}
