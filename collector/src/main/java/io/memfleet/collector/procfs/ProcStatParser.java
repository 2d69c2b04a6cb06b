package io.memfleet.collector.procfs;

/**
 * Parses {@code /proc/<pid>/stat}: {@code pid (comm) state ppid ... num_threads itrealvalue starttime ...}.
 *
 * <p>comm is whatever the process named itself (up to 15 bytes) and may contain spaces, '(' , ')'
 * and newlines, so the only safe split is at the <em>last</em> ')': no later field can hold one.
 */
public final class ProcStatParser {

    private static final int STATE = 3;
    private static final int PPID = 4;
    private static final int NUM_THREADS = 20;
    private static final int START_TIME = 22;

    private ProcStatParser() {
    }

    /**
     * @param source  the file's path or name, for error messages
     * @param content the whole file, newline-terminated as the kernel writes it
     */
    public static ProcStat parse(String source, String content) throws ProcfsParseException {
        if (content.isEmpty()) {
            throw ProcfsParseException.inFile(source, "empty");
        }
        LineScanner s = new LineScanner(source, content);
        if (content.charAt(content.length() - 1) != '\n') {
            s.context(0, content.length());
            throw s.error("truncated: no newline at end of file");
        }
        s.context(0, content.length() - 1);
        int open = content.indexOf('(');
        int close = content.lastIndexOf(')');
        if (open < 0 || close < open) {
            throw s.error("no '(comm)' field");
        }

        s.select(0, open);
        int pid = s.nonNegativeInt("pid");
        s.expect(' ', "' ' before '(comm)'");
        s.expectLineEnd("pid");
        String comm = content.substring(open + 1, close);

        s.select(close + 1, content.length() - 1);
        String state = null;
        int ppid = 0;
        int numThreads = 0;
        long startTime = 0;
        for (int field = STATE; field <= START_TIME; field++) {
            s.expect(' ', "' ' before field " + field);
            switch (field) {
                case STATE:
                    state = state(s);
                    break;
                case PPID:
                    ppid = s.nonNegativeInt("ppid (field 4)");
                    break;
                case NUM_THREADS:
                    numThreads = s.nonNegativeInt("num_threads (field 20)");
                    break;
                case START_TIME:
                    startTime = s.nonNegativeLong("starttime (field 22)");
                    break;
                default:
                    s.skipToken("field " + field);
                    break;
            }
            // A number followed by anything but a separator ("4x") is garbage in that field, not the next.
            if (!s.atLineEnd() && s.peek() != ' ') {
                throw s.error("unexpected character in field " + field + " at column " + s.column());
            }
        }
        // Fields after 22 vary between kernel versions and are left unread.
        return new ProcStat(pid, comm, state, ppid, numThreads, startTime);
    }

    private static String state(LineScanner s) throws ProcfsParseException {
        char c = s.peek();
        if (!isAsciiLetter(c)) {
            throw s.error("state (field 3) is not a letter");
        }
        s.moveTo(s.position() + 1);
        return String.valueOf(c);
    }

    static boolean isAsciiLetter(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    }
}
