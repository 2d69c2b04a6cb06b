package io.memfleet.collector.procfs;

/**
 * A cursor over one line of procfs text at a time, with the number scanners the stat and status
 * parsers share ({@link MapsParser}, the hot one, scans raw bytes itself).
 *
 * <p>Hand-written rather than regex or {@code String.split} because every process is read each
 * pass; and every failure becomes a {@link ProcfsParseException} that names the file and line,
 * never a NumberFormatException or an IndexOutOfBoundsException.
 */
final class LineScanner {

    /** Largest unsigned 64-bit value divided by 10, and the last digit that still fits after it. */
    private static final long U64_DIV10 = Long.divideUnsigned(-1L, 10);
    private static final int U64_LAST_DIGIT = (int) Long.remainderUnsigned(-1L, 10);

    private final String source;
    private final String text;
    private int next;
    private int lineEnd;
    /** What an error message quotes and counts columns from: the line, or for stat the whole record. */
    private int contextStart;
    private int contextEnd;
    private int pos;
    private int lineNo;

    LineScanner(String source, String text) {
        this.source = source;
        this.text = text;
    }

    /**
     * Moves to the next newline-terminated line. The kernel ends every line with a newline, so
     * text that stops without one was cut short and is an error, not a shorter last line.
     *
     * @return false when the text is used up
     */
    boolean nextLine() throws ProcfsParseException {
        if (next >= text.length()) {
            return false;
        }
        lineNo++;
        int nl = text.indexOf('\n', next);
        lineEnd = nl < 0 ? text.length() : nl;
        contextStart = next;
        contextEnd = lineEnd;
        pos = next;
        if (nl < 0) {
            throw error("truncated: no newline at end of line");
        }
        next = nl + 1;
        return true;
    }

    /**
     * Treats [start, end) as the one line being read, for stat, whose comm may hold a newline.
     * Errors quote and count columns from this range; {@link #select} then scans parts of it.
     */
    void context(int start, int end) {
        contextStart = start;
        contextEnd = end;
        lineNo = 1;
        select(start, end);
    }

    /** Scans the range [start, end) within the current context. */
    void select(int start, int end) {
        lineEnd = end;
        pos = start;
    }

    boolean atLineEnd() {
        return pos >= lineEnd;
    }

    /** Index of {@code c} in the rest of the line, or -1. */
    int indexInLine(char c) {
        int i = text.indexOf(c, pos);
        return i >= 0 && i < lineEnd ? i : -1;
    }

    void moveTo(int index) {
        pos = index;
    }

    void expect(char c, String what) throws ProcfsParseException {
        if (pos >= lineEnd || text.charAt(pos) != c) {
            throw error("expected " + what + " at column " + column());
        }
        pos++;
    }

    /** Skips spaces and tabs, the kernel's padding between columns. */
    void skipBlanks() {
        while (pos < lineEnd) {
            char c = text.charAt(pos);
            if (c != ' ' && c != '\t') {
                return;
            }
            pos++;
        }
    }

    void expectLineEnd(String what) throws ProcfsParseException {
        if (pos < lineEnd) {
            throw error("unexpected text after " + what + " at column " + column());
        }
    }

    /** The rest of the line exactly as written, trailing spaces included. */
    String rest() {
        String s = text.substring(pos, lineEnd);
        pos = lineEnd;
        return s;
    }

    /** Whether [from, to) holds exactly {@code candidate}, without making a String of it. */
    boolean rangeEquals(int from, int to, String candidate) {
        int len = to - from;
        return candidate != null && candidate.length() == len && text.regionMatches(from, candidate, 0, len);
    }

    int position() {
        return pos;
    }

    /** The character at {@code index} of the text, which must be inside the current line. */
    char charAt(int index) {
        return text.charAt(index);
    }

    char peek() {
        return pos < lineEnd ? text.charAt(pos) : '\0';
    }

    /** Advances past a run of non-blank characters, which must not be empty. */
    void skipToken(String field) throws ProcfsParseException {
        int from = pos;
        while (pos < lineEnd && text.charAt(pos) != ' ' && text.charAt(pos) != '\t') {
            pos++;
        }
        if (pos == from) {
            throw error("missing " + field + " at column " + column());
        }
    }

    /** An unsigned 64-bit decimal number (inode numbers), in a {@code long}. */
    long unsignedDecimal(String field) throws ProcfsParseException {
        int from = pos;
        long value = 0;
        while (pos < lineEnd) {
            char c = text.charAt(pos);
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

    /** A decimal number in [0, Long.MAX_VALUE]. */
    long nonNegativeLong(String field) throws ProcfsParseException {
        long value = unsignedDecimal(field);
        if (value < 0) {
            throw error(field + " is larger than " + Long.MAX_VALUE);
        }
        return value;
    }

    /** A decimal number in [0, Integer.MAX_VALUE]: pids and thread counts. */
    int nonNegativeInt(String field) throws ProcfsParseException {
        long value = unsignedDecimal(field);
        if (value < 0 || value > Integer.MAX_VALUE) {
            throw error(field + " is larger than " + Integer.MAX_VALUE);
        }
        return (int) value;
    }

    ProcfsParseException error(String what) {
        return ProcfsParseException.atLine(source, lineNo, what, text.subSequence(contextStart, contextEnd));
    }

    int column() {
        return pos - contextStart + 1;
    }
}
