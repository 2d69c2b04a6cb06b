package io.memfleet.collector.procfs;

import io.memfleet.schema.Mapping;
import io.memfleet.schema.MappingKind;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Parses {@code /proc/<pid>/maps}, one mapping per line:
 * <pre>{@code
 * 7f1194ecc000-7f1194ece000 r--s 00000000 fe:00 2146580                    /tmp/memfleet fixture/trailing space }</pre>
 *
 * <p>The kernel pads with spaces only between the inode and the path, and the path itself is
 * whatever the file is called: spaces, a trailing blank, {@code " (deleted)"}, {@code /memfd:...},
 * {@code [anon:...]}. So the path is everything after that padding, byte for byte; anonymous
 * memory has no path (the line ends right after the inode, perhaps with one space).
 *
 * <p>Hand-written scanning over the raw bytes: a host can have 100,000 mappings in one process and
 * we read every process each pass, so the file is not decoded as a whole; only a path is, as UTF-8
 * (bytes that are not UTF-8 become U+FFFD), and only when it differs from the previous line's.
 * Every other column is ASCII. Repeated perms, device and path strings are shared, not copied per line.
 */
public final class MapsParser {

    /** The sixteen possible permission strings, indexed by r=8, w=4, x=2, s=1. */
    private static final String[] PERMS = new String[16];
    private static final int AVERAGE_LINE_CHARS = 80;
    /** The value of each hex digit byte, -1 for every other byte (ASCII digits only, as the kernel writes). */
    private static final byte[] HEX_VALUES = new byte[256];
    private static final long U64_DIV10 = Long.divideUnsigned(-1L, 10);
    private static final int U64_LAST_DIGIT = (int) Long.remainderUnsigned(-1L, 10);

    static {
        for (int i = 0; i < PERMS.length; i++) {
            PERMS[i] = new String(new char[] {
                (i & 8) != 0 ? 'r' : '-',
                (i & 4) != 0 ? 'w' : '-',
                (i & 2) != 0 ? 'x' : '-',
                (i & 1) != 0 ? 's' : 'p',
            });
        }
        Arrays.fill(HEX_VALUES, (byte) -1);
        for (int c = '0'; c <= '9'; c++) {
            HEX_VALUES[c] = (byte) (c - '0');
        }
        for (int c = 'a'; c <= 'f'; c++) {
            HEX_VALUES[c] = (byte) (c - 'a' + 10);
            HEX_VALUES[c - 'a' + 'A'] = (byte) (c - 'a' + 10);
        }
    }

    private MapsParser() {
    }

    /**
     * Parses maps text that was already decoded; the same as {@link #parse(String, byte[])} of its
     * UTF-8 bytes.
     *
     * @param source  the file's path or name, for error messages
     * @param content the whole file; empty for kernel threads and zombies
     * @return the mappings in file order, unmodifiable
     */
    public static List<Mapping> parse(String source, String content) throws ProcfsParseException {
        return parse(source, content.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * @param source  the file's path or name, for error messages
     * @param content the whole file as read; empty for kernel threads and zombies
     * @return the mappings in file order, unmodifiable
     */
    public static List<Mapping> parse(String source, byte[] content) throws ProcfsParseException {
        return parse(source, content, content.length);
    }

    /** Parses the first {@code length} bytes of {@code content}. */
    static List<Mapping> parse(String source, byte[] content, int length) throws ProcfsParseException {
        return new Scan(source, content, length).mappings();
    }

    /**
     * A cursor over the bytes. Every line but a truncated last one ends with a newline, so a scan
     * that stops at {@code '\n'} cannot run past the array; the truncated line is rejected before
     * it is scanned.
     */
    private static final class Scan {
        private final String source;
        private final byte[] b;
        /** The content is b[0, length); bytes after it are not part of the file. */
        private final int length;
        /** Where a last line without a newline starts, or -1. */
        private final int truncatedFrom;
        private int next;
        private int lineStart;
        private int pos;
        private int lineNo;

        Scan(String source, byte[] content, int length) {
            this.source = source;
            this.b = content;
            this.length = length;
            int last = length - 1;
            if (last >= 0 && content[last] != '\n') {
                int i = last;
                while (i >= 0 && content[i] != '\n') {
                    i--;
                }
                truncatedFrom = i + 1;
            } else {
                truncatedFrom = -1;
            }
        }

        List<Mapping> mappings() throws ProcfsParseException {
            List<Mapping> mappings = new ArrayList<>(length / AVERAGE_LINE_CHARS + 1);
            String lastDev = null;
            int lastDevStart = 0;
            int lastDevEnd = 0;
            String lastPath = null;
            MappingKind lastKind = null;
            int lastPathStart = 0;
            int lastPathEnd = 0;
            while (nextLine()) {
                long start = unsignedHex("start address");
                expect('-', "'-' after the start address");
                long end = unsignedHex("end address");
                expect(' ', "' ' after the end address");
                String perms = perms();
                expect(' ', "' ' after the permissions");
                long offset = unsignedHex("offset");
                expect(' ', "' ' after the offset");

                int devStart = pos;
                unsignedHex("device major");
                expect(':', "':' between device major and minor");
                unsignedHex("device minor");
                String dev;
                if (lastDev != null && Arrays.equals(b, devStart, pos, b, lastDevStart, lastDevEnd)) {
                    dev = lastDev;
                } else {
                    dev = new String(b, devStart, pos - devStart, StandardCharsets.ISO_8859_1); // hex and ':' only
                }
                lastDev = dev;
                lastDevStart = devStart;
                lastDevEnd = pos;
                expect(' ', "' ' after the device");

                long inode = unsignedDecimal("inode");
                String path = "";
                MappingKind kind = MappingKind.ANON;
                if (b[pos] != '\n') {
                    expect(' ', "' ' after the inode");
                    while (b[pos] == ' ') {
                        pos++;
                    }
                    int pathStart = pos;
                    while (b[pos] != '\n') {
                        pos++;
                    }
                    if (lastPath != null && Arrays.equals(b, pathStart, pos, b, lastPathStart, lastPathEnd)) {
                        path = lastPath;
                        kind = lastKind;
                    } else {
                        path = new String(b, pathStart, pos - pathStart, StandardCharsets.UTF_8);
                        kind = MappingKind.of(path);
                    }
                    lastPath = path;
                    lastKind = kind;
                    lastPathStart = pathStart;
                    lastPathEnd = pos;
                }
                if (Long.compareUnsigned(start, end) > 0) {
                    throw error("end address is below the start address");
                }
                mappings.add(new Mapping(start, end, perms, offset, dev, inode, path, kind));
                next = pos + 1; // past the newline
            }
            return List.copyOf(mappings);
        }

        private boolean nextLine() throws ProcfsParseException {
            if (next >= length) {
                return false;
            }
            lineNo++;
            lineStart = next;
            pos = next;
            if (next == truncatedFrom) {
                throw error("truncated: no newline at end of line");
            }
            return true;
        }

        /** An unsigned 64-bit hexadecimal number (addresses, offsets), in a {@code long}. */
        private long unsignedHex(String field) throws ProcfsParseException {
            int from = pos;
            int i = pos;
            long value = 0;
            int digit;
            // The kernel writes addresses and offsets with at least eight digits: take eight at once
            // when they are all hex (independent loads, one test), then the rest one by one. Eight
            // digits cannot overflow, so only the rest needs the 64-bit check.
            if (i + 8 <= length) {
                int d0 = HEX_VALUES[b[i] & 0xff];
                int d1 = HEX_VALUES[b[i + 1] & 0xff];
                int d2 = HEX_VALUES[b[i + 2] & 0xff];
                int d3 = HEX_VALUES[b[i + 3] & 0xff];
                int d4 = HEX_VALUES[b[i + 4] & 0xff];
                int d5 = HEX_VALUES[b[i + 5] & 0xff];
                int d6 = HEX_VALUES[b[i + 6] & 0xff];
                int d7 = HEX_VALUES[b[i + 7] & 0xff];
                if ((d0 | d1 | d2 | d3 | d4 | d5 | d6 | d7) >= 0) {
                    value = ((long) d0 << 28) | (d1 << 24) | (d2 << 20) | (d3 << 16) | (d4 << 12) | (d5 << 8)
                            | (d6 << 4) | d7;
                    i += 8;
                }
            }
            while ((digit = HEX_VALUES[b[i] & 0xff]) >= 0) {
                if ((value >>> 60) != 0) {
                    pos = i;
                    throw error(field + " does not fit in 64 bits");
                }
                value = (value << 4) | digit;
                i++;
            }
            pos = i;
            if (i == from) {
                throw error("expected hexadecimal " + field + " at column " + column());
            }
            return value;
        }

        /** An unsigned 64-bit decimal number (inode numbers), in a {@code long}. */
        private long unsignedDecimal(String field) throws ProcfsParseException {
            int from = pos;
            long value = 0;
            while (true) {
                int c = b[pos];
                if (c < '0' || c > '9') {
                    break;
                }
                int digit = c - '0';
                int cmp = Long.compareUnsigned(value, U64_DIV10);
                if (cmp > 0 || (cmp == 0 && digit > U64_LAST_DIGIT)) {
                    throw error(field + " does not fit in 64 bits");
                }
                value = value * 10 + digit;
                pos++;
            }
            if (pos == from) {
                throw error("expected decimal " + field + " at column " + column());
            }
            return value;
        }

        private void expect(char c, String what) throws ProcfsParseException {
            if (b[pos] != c) { // never true for '\n', so the line end is an error here too
                throw error("expected " + what + " at column " + column());
            }
            pos++;
        }

        /** Exactly four characters, {@code [r-][w-][x-][ps]}, returned as one of the shared strings. */
        private String perms() throws ProcfsParseException {
            int index = flag('r', '-', 8) | flag('w', '-', 4) | flag('x', '-', 2) | flag('s', 'p', 1);
            return PERMS[index];
        }

        private int flag(char set, char unset, int bit) throws ProcfsParseException {
            byte c = b[pos];
            if (c != set && c != unset) {
                String found = c == '\n' ? "end of line" : ProcfsParseException.quote(String.valueOf(charAt(pos)));
                throw error("permissions must be four of [r-][w-][x-][ps], found " + found + " at column " + column());
            }
            pos++;
            return c == set ? bit : 0;
        }

        /** End of the current line: its newline, or the end of a truncated last line. */
        private int lineEnd() {
            int i = lineStart;
            while (i < length && b[i] != '\n') {
                i++;
            }
            return i;
        }

        /** The character (as decoded text would have it) at byte {@code index}; the bytes before it on the line are ASCII. */
        private char charAt(int index) {
            return new String(b, index, lineEnd() - index, StandardCharsets.UTF_8).charAt(0);
        }

        /** 1-based column of the cursor in characters, as in the decoded line. */
        private int column() {
            return new String(b, lineStart, pos - lineStart, StandardCharsets.UTF_8).length() + 1;
        }

        private ProcfsParseException error(String what) {
            return ProcfsParseException.atLine(source, lineNo, what,
                    new String(b, lineStart, lineEnd() - lineStart, StandardCharsets.UTF_8));
        }
    }
}
