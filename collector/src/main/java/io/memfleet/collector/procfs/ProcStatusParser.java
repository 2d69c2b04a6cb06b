package io.memfleet.collector.procfs;

/**
 * Parses {@code /proc/<pid>/status}, {@code Key:\tvalue} per line, in one pass.
 *
 * <p>Lines we do not know are skipped (every kernel release adds some). Name, State, PPid, Uid and
 * Threads are always written, so their absence means the file is not a status file; the memory
 * lines are optional because kernel threads have no mm and the kernel then omits them all.
 */
public final class ProcStatusParser {

    /** The memory lines, in the order of {@link ProcStatus}'s components. */
    private static final String[] MEMORY_KEYS = {
        "VmPeak", "VmSize", "VmLck", "VmPin", "VmHWM", "VmRSS", "RssAnon", "RssFile", "RssShmem",
        "VmData", "VmStk", "VmExe", "VmLib", "VmPTE", "VmSwap",
    };
    private static final long MAX_UID = 0xFFFF_FFFFL;

    private ProcStatusParser() {
    }

    /**
     * @param source  the file's path or name, for error messages
     * @param content the whole file, newline-terminated as the kernel writes it
     */
    public static ProcStatus parse(String source, String content) throws ProcfsParseException {
        if (content.isEmpty()) {
            throw ProcfsParseException.inFile(source, "empty");
        }
        LineScanner s = new LineScanner(source, content);
        String name = null;
        String state = null;
        int ppid = -1;
        long uid = -1;
        int threads = -1;
        Long[] kb = new Long[MEMORY_KEYS.length];

        while (s.nextLine()) {
            int keyStart = s.position();
            int colon = s.indexInLine(':');
            if (colon < 0) {
                throw s.error("no ':' after the field name");
            }
            s.moveTo(colon + 1);
            int memory = memoryIndex(s, keyStart, colon);
            if (memory >= 0) {
                kb[memory] = kilobytes(s);
            } else if (s.rangeEquals(keyStart, colon, "Name")) {
                // Exactly one tab follows the colon; anything after it, even a leading blank, is the name.
                s.expect('\t', "tab after 'Name:'");
                name = unescapeName(s.rest());
            } else if (s.rangeEquals(keyStart, colon, "State")) {
                state = state(s);
            } else if (s.rangeEquals(keyStart, colon, "PPid")) {
                s.skipBlanks();
                ppid = s.nonNegativeInt("PPid");
                s.expectLineEnd("PPid");
            } else if (s.rangeEquals(keyStart, colon, "Uid")) {
                // Real, effective, saved, filesystem: only the real uid identifies the owner.
                s.skipBlanks();
                uid = s.unsignedDecimal("Uid");
                if (uid < 0 || uid > MAX_UID) {
                    throw s.error("Uid is larger than " + MAX_UID);
                }
            } else if (s.rangeEquals(keyStart, colon, "Threads")) {
                s.skipBlanks();
                threads = s.nonNegativeInt("Threads");
                s.expectLineEnd("Threads");
            }
        }

        requirePresent(source, "Name", name != null);
        requirePresent(source, "State", state != null);
        requirePresent(source, "PPid", ppid >= 0);
        requirePresent(source, "Uid", uid >= 0);
        requirePresent(source, "Threads", threads >= 0);
        return new ProcStatus(name, state, ppid, uid, threads,
                kb[0], kb[1], kb[2], kb[3], kb[4], kb[5], kb[6], kb[7], kb[8], kb[9], kb[10], kb[11], kb[12],
                kb[13], kb[14]);
    }

    /** Which memory line the key [from, to) is, as an index into {@link #MEMORY_KEYS}, or -1. */
    private static int memoryIndex(LineScanner s, int from, int to) {
        // Every memory key starts with 'V' or 'R'; most other lines are ruled out by one character.
        char first = s.charAt(from);
        if (first != 'V' && first != 'R') {
            return -1;
        }
        for (int i = 0; i < MEMORY_KEYS.length; i++) {
            if (s.rangeEquals(from, to, MEMORY_KEYS[i])) {
                return i;
            }
        }
        return -1;
    }

    /** {@code "    2520 kB"}: the kernel right-aligns the number and always says kB. */
    private static Long kilobytes(LineScanner s) throws ProcfsParseException {
        s.skipBlanks();
        long value = s.nonNegativeLong("kB value");
        s.expect(' ', "' kB' after the number");
        s.expect('k', "' kB' after the number");
        s.expect('B', "' kB' after the number");
        s.expectLineEnd("kB value");
        return value;
    }

    /** {@code "S (sleeping)"} gives {@code "S"}. */
    private static String state(LineScanner s) throws ProcfsParseException {
        s.skipBlanks();
        char c = s.peek();
        if (!ProcStatParser.isAsciiLetter(c)) {
            throw s.error("State does not start with a letter");
        }
        s.moveTo(s.position() + 1);
        if (!s.atLineEnd() && s.peek() != ' ') {
            throw s.error("State letter is followed by more letters");
        }
        return String.valueOf(c);
    }

    /**
     * The kernel writes Name with {@code \n} for a newline and {@code \\} for a backslash (and no
     * other escapes), so that one line holds it. We undo exactly that, so Name equals stat's comm.
     */
    static String unescapeName(String escaped) {
        if (escaped.indexOf('\\') < 0) {
            return escaped;
        }
        StringBuilder out = new StringBuilder(escaped.length());
        for (int i = 0; i < escaped.length(); i++) {
            char c = escaped.charAt(i);
            if (c == '\\' && i + 1 < escaped.length()) {
                char n = escaped.charAt(i + 1);
                if (n == 'n' || n == '\\') {
                    out.append(n == 'n' ? '\n' : '\\');
                    i++;
                    continue;
                }
            }
            out.append(c);
        }
        return out.toString();
    }

    private static void requirePresent(String source, String field, boolean present) throws ProcfsParseException {
        if (!present) {
            throw ProcfsParseException.inFile(source, "no " + field + " line");
        }
    }
}
