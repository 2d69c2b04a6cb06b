package io.memfleet.collector.procfs;

/**
 * Content read from procfs is not in the kernel's format. The only exception the parsers throw,
 * whatever the input, so a caller never has to guess at NumberFormatException and friends.
 */
public final class ProcfsParseException extends ProcfsException {

    private static final int SNIPPET_CHARS = 80;

    public ProcfsParseException(String message) {
        super(Reason.MALFORMED, message, null);
    }

    /**
     * An error on one line, e.g. {@code /proc/42/maps line 7: bad offset: "7f00-7f01 r-xp zz ..."}.
     *
     * @param source  the file, as a path or a name
     * @param lineNo  1-based line number
     * @param what    what was wrong
     * @param line    the offending line, quoted shortened and with control characters escaped
     */
    static ProcfsParseException atLine(String source, int lineNo, String what, CharSequence line) {
        return new ProcfsParseException(source + " line " + lineNo + ": " + what + ": " + quote(line));
    }

    static ProcfsParseException inFile(String source, String what) {
        return new ProcfsParseException(source + ": " + what);
    }

    /** Quotes untrusted text for a log line: bounded length, no raw control characters. */
    static String quote(CharSequence text) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), SNIPPET_CHARS) + 8).append('"');
        int n = Math.min(text.length(), SNIPPET_CHARS);
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || c == 0x7f) {
                out.append(String.format("\\x%02x", (int) c));
            } else {
                out.append(c);
            }
        }
        out.append('"');
        if (text.length() > n) {
            out.append("...(").append(text.length()).append(" chars)");
        }
        return out.toString();
    }
}
