package io.memfleet.collector.procfs;

import io.memfleet.schema.Mapping;
import java.util.ArrayList;
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
 * <p>Hand-written scanning: a host can have 100,000 mappings in one process and we read every
 * process each pass. Repeated perms, device and path strings are shared, not copied per line.
 */
public final class MapsParser {

    /** The sixteen possible permission strings, indexed by r=8, w=4, x=2, s=1. */
    private static final String[] PERMS = new String[16];
    private static final int AVERAGE_LINE_CHARS = 80;

    static {
        for (int i = 0; i < PERMS.length; i++) {
            PERMS[i] = new String(new char[] {
                (i & 8) != 0 ? 'r' : '-',
                (i & 4) != 0 ? 'w' : '-',
                (i & 2) != 0 ? 'x' : '-',
                (i & 1) != 0 ? 's' : 'p',
            });
        }
    }

    private MapsParser() {
    }

    /**
     * @param source  the file's path or name, for error messages
     * @param content the whole file; empty for kernel threads and zombies
     * @return the mappings in file order, unmodifiable
     */
    public static List<Mapping> parse(String source, String content) throws ProcfsParseException {
        LineScanner s = new LineScanner(source, content);
        List<Mapping> mappings = new ArrayList<>(content.length() / AVERAGE_LINE_CHARS + 1);
        String lastDev = null;
        String lastPath = null;
        while (s.nextLine()) {
            long start = s.unsignedHex("start address");
            s.expect('-', "'-' after the start address");
            long end = s.unsignedHex("end address");
            s.expect(' ', "' ' after the end address");
            String perms = perms(s);
            s.expect(' ', "' ' after the permissions");
            long offset = s.unsignedHex("offset");
            s.expect(' ', "' ' after the offset");

            int devStart = s.position();
            s.unsignedHex("device major");
            s.expect(':', "':' between device major and minor");
            s.unsignedHex("device minor");
            String dev = s.sinceEquals(devStart, lastDev) ? lastDev : s.since(devStart);
            lastDev = dev;
            s.expect(' ', "' ' after the device");

            long inode = s.unsignedDecimal("inode");
            String path = "";
            if (!s.atLineEnd()) {
                s.expect(' ', "' ' after the inode");
                s.skipSpaces();
                int pathStart = s.position();
                s.moveTo(s.lineEnd());
                path = s.sinceEquals(pathStart, lastPath) ? lastPath : s.since(pathStart);
                lastPath = path;
            }
            if (Long.compareUnsigned(start, end) > 0) {
                throw s.error("end address is below the start address");
            }
            mappings.add(Mapping.of(start, end, perms, offset, dev, inode, path));
        }
        return List.copyOf(mappings);
    }

    /** Exactly four characters, {@code [r-][w-][x-][ps]}, returned as one of the shared strings. */
    private static String perms(LineScanner s) throws ProcfsParseException {
        int index = flag(s, 'r', '-', 8) | flag(s, 'w', '-', 4) | flag(s, 'x', '-', 2) | flag(s, 's', 'p', 1);
        return PERMS[index];
    }

    private static int flag(LineScanner s, char set, char unset, int bit) throws ProcfsParseException {
        char c = s.peek();
        if (c != set && c != unset) {
            String found = s.atLineEnd() ? "end of line" : ProcfsParseException.quote(String.valueOf(c));
            throw s.error("permissions must be four of [r-][w-][x-][ps], found " + found + " at column " + s.column());
        }
        s.moveTo(s.position() + 1);
        return c == set ? bit : 0;
    }
}
