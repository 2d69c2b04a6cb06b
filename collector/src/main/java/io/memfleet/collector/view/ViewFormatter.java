package io.memfleet.collector.view;

import io.memfleet.collector.procfs.ProcessSnapshot;
import io.memfleet.collector.procfs.ProcStatus;
import io.memfleet.schema.Mapping;
import java.util.List;
import java.util.function.Function;

/**
 * The text {@code memfleet view} prints for one process: the kernel-module viewer's layout, as a pure
 * function of a {@link ProcessSnapshot}, so it is tested on captured procfs files without a /proc.
 *
 * <pre>
 * View Process [java]
 * pid 3828  ppid 1  uid 0  state S  threads 19
 *
 * VmPeak:    2701144 kB
 * ...                           (the fifteen memory lines of /proc/&lt;pid&gt;/status, the kernel's numbers)
 *
 * Address                              Mode  Offset    dev_t  inode    Mapping/Type
 * 000055ba657f3000 - 000055ba6583a000  rw-p  00000000  00:00  0        [ heap ]
 * ...
 * Total: 191 mappings, 2638688 kB mapped
 * </pre>
 *
 * <p>Addresses are zero-padded to 16 hex digits, the width of a 64-bit address, so {@code [vsyscall]}
 * at {@code ffffffffff600000} lines up with the rest. File paths are printed as the kernel wrote them
 * (spaces, {@code " (deleted)"}, {@code /memfd:...} included); the kernel's bracketed names and
 * anonymous memory are tagged {@code [ heap ]}, {@code [ anon ]}, {@code [ anon:name ]} and so on.
 * Control characters, which the kernel lets through in names and paths, are escaped so that one
 * mapping stays one line and nothing reaches the terminal as a control sequence.
 */
public final class ViewFormatter {

    /** The memory lines of {@code /proc/<pid>/status}, in the kernel's order. */
    private static final List<MemoryLine> MEMORY_LINES = List.of(
            new MemoryLine("VmPeak", ProcStatus::vmPeakKb),
            new MemoryLine("VmSize", ProcStatus::vmSizeKb),
            new MemoryLine("VmLck", ProcStatus::vmLckKb),
            new MemoryLine("VmPin", ProcStatus::vmPinKb),
            new MemoryLine("VmHWM", ProcStatus::vmHwmKb),
            new MemoryLine("VmRSS", ProcStatus::vmRssKb),
            new MemoryLine("RssAnon", ProcStatus::rssAnonKb),
            new MemoryLine("RssFile", ProcStatus::rssFileKb),
            new MemoryLine("RssShmem", ProcStatus::rssShmemKb),
            new MemoryLine("VmData", ProcStatus::vmDataKb),
            new MemoryLine("VmStk", ProcStatus::vmStkKb),
            new MemoryLine("VmExe", ProcStatus::vmExeKb),
            new MemoryLine("VmLib", ProcStatus::vmLibKb),
            new MemoryLine("VmPTE", ProcStatus::vmPteKb),
            new MemoryLine("VmSwap", ProcStatus::vmSwapKb));

    /** "RssShmem:" and one blank. */
    private static final int LABEL_WIDTH = 10;
    /** The kernel's own width for these numbers ({@code "%8lu kB"}); wider values widen the column. */
    private static final int MIN_KB_WIDTH = 8;
    private static final int ADDRESS_DIGITS = 16;
    private static final int MIN_OFFSET_DIGITS = 8;
    private static final String GAP = "  ";

    private ViewFormatter() {
    }

    /** The whole report, newline-terminated. */
    public static String format(ProcessSnapshot snapshot) {
        StringBuilder out = new StringBuilder(256 + snapshot.mappings().size() * 100);
        ProcStatus status = snapshot.status();
        out.append("View Process [").append(printableName(status.name())).append("]\n");
        out.append("pid ").append(snapshot.pid())
                .append("  ppid ").append(status.ppid())
                .append("  uid ").append(status.uid())
                .append("  state ").append(status.state())
                .append("  threads ").append(status.threads()).append("\n\n");
        appendMemory(out, status);
        out.append('\n');
        appendMappings(out, snapshot.mappings());
        return out.toString();
    }

    private static void appendMemory(StringBuilder out, ProcStatus status) {
        if (MEMORY_LINES.stream().allMatch(line -> line.value(status) == null)) {
            // The kernel leaves every memory line out when the task has no mm of its own.
            out.append(switch (status.state()) {
                case "Z", "X" -> "(exited, not yet reaped: its memory is already released)";
                default -> "(kernel thread: no user memory, so no Vm*/Rss* values and no mappings)";
            }).append('\n');
            return;
        }
        int width = MIN_KB_WIDTH;
        for (MemoryLine line : MEMORY_LINES) {
            Long kb = line.value(status);
            width = Math.max(width, kb == null ? 1 : Long.toString(kb).length());
        }
        for (MemoryLine line : MEMORY_LINES) {
            Long kb = line.value(status);
            // A line missing on its own (an older kernel without RssAnon, say) is "-", never 0.
            padRight(out, line.label() + ":", LABEL_WIDTH);
            padLeft(out, kb == null ? "-" : kb.toString(), width);
            out.append(" kB\n");
        }
    }

    private static void appendMappings(StringBuilder out, List<Mapping> mappings) {
        if (!mappings.isEmpty()) {
            appendTable(out, mappings);
        }
        long totalBytes = 0;
        for (Mapping mapping : mappings) {
            totalBytes += mapping.sizeBytes();
        }
        out.append("Total: ").append(mappings.size()).append(mappings.size() == 1 ? " mapping, " : " mappings, ")
                .append(Long.toUnsignedString(Long.divideUnsigned(totalBytes, 1024))).append(" kB mapped\n");
    }

    private static void appendTable(StringBuilder out, List<Mapping> mappings) {
        int addressWidth = 2 * ADDRESS_DIGITS + " - ".length();
        int offsetDigits = MIN_OFFSET_DIGITS;
        int devWidth = "dev_t".length();
        int inodeWidth = "inode".length();
        for (Mapping mapping : mappings) {
            offsetDigits = Math.max(offsetDigits, Long.toHexString(mapping.offset()).length());
            devWidth = Math.max(devWidth, mapping.dev().length());
            inodeWidth = Math.max(inodeWidth, Long.toUnsignedString(mapping.inode()).length());
        }
        int offsetWidth = Math.max("Offset".length(), offsetDigits);

        padRight(out, "Address", addressWidth).append(GAP);
        padRight(out, "Mode", 4).append(GAP);
        padRight(out, "Offset", offsetWidth).append(GAP);
        padRight(out, "dev_t", devWidth).append(GAP);
        padRight(out, "inode", inodeWidth).append(GAP);
        out.append("Mapping/Type\n");

        for (Mapping mapping : mappings) {
            out.append(hex16(mapping.start())).append(" - ").append(hex16(mapping.end())).append(GAP);
            out.append(mapping.perms()).append(GAP);
            padRight(out, zeroPadded(mapping.offset(), offsetDigits), offsetWidth).append(GAP);
            padRight(out, mapping.dev(), devWidth).append(GAP);
            padRight(out, Long.toUnsignedString(mapping.inode()), inodeWidth).append(GAP);
            out.append(mappingType(mapping)).append('\n');
        }
    }

    /**
     * The last column: a file's path as the kernel wrote it, or a tag for memory that is not a file,
     * {@code [ anon ]} for plain anonymous memory and the kernel's bracketed name with blanks inside
     * the brackets otherwise ({@code [heap]} becomes {@code [ heap ]}, {@code [anon:jit]} {@code [ anon:jit ]}).
     */
    static String mappingType(Mapping mapping) {
        String path = mapping.path();
        return switch (mapping.kind()) {
            case ANON -> "[ anon ]";
            case FILE, MEMFD, SYSV_SHM -> printablePath(path);
            // HEAP, STACK, VDSO, VVAR, VSYSCALL, ANON_NAMED and OTHER: the kernel's own names. OTHER may
            // also be a name without brackets (anon_inode:[perf_event]), printed as it is.
            default -> path.length() > 2 && path.startsWith("[") && path.endsWith("]")
                    ? "[ " + printablePath(path.substring(1, path.length() - 1)) + " ]"
                    : printablePath(path);
        };
    }

    /**
     * A path with its control characters (tab, escape, DEL, C1) written as {@code \ooo} in octal, the
     * notation the kernel itself uses for a newline in a maps path ({@code \012}); all else unchanged.
     */
    static String printablePath(String path) {
        if (path.chars().noneMatch(Character::isISOControl)) {
            return path;
        }
        StringBuilder out = new StringBuilder(path.length() + 8);
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (Character.isISOControl(c)) {
                out.append(String.format("\\%03o", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * A process name (comm, up to 15 bytes of anything but NUL) on one line: backslash as {@code \\}
     * and newline as {@code \n} like the Name line of status, tab as {@code \t}, other control
     * characters in octal.
     */
    static String printableName(String name) {
        StringBuilder out = new StringBuilder(name.length() + 8);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                default -> {
                    if (Character.isISOControl(c)) {
                        out.append(String.format("\\%03o", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    private static String hex16(long address) {
        return zeroPadded(address, ADDRESS_DIGITS);
    }

    /** Unsigned lower-case hex, zero-padded to at least {@code digits}, as the kernel writes addresses and offsets. */
    private static String zeroPadded(long value, int digits) {
        String hex = Long.toHexString(value);
        return hex.length() >= digits ? hex : "0".repeat(digits - hex.length()) + hex;
    }

    private static StringBuilder padRight(StringBuilder out, String text, int width) {
        out.append(text);
        for (int i = text.length(); i < width; i++) {
            out.append(' ');
        }
        return out;
    }

    private static void padLeft(StringBuilder out, String text, int width) {
        for (int i = text.length(); i < width; i++) {
            out.append(' ');
        }
        out.append(text);
    }

    private record MemoryLine(String label, Function<ProcStatus, Long> field) {
        Long value(ProcStatus status) {
            return field.apply(status);
        }
    }
}
