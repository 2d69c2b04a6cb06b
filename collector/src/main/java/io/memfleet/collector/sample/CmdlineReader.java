package io.memfleet.collector.sample;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads {@code /proc/<pid>/cmdline} (arguments separated by NUL) and redacts it. A command line
 * that cannot be read is simply absent: it is an optional extra, never a reason to skip a sample.
 */
public final class CmdlineReader {

    /** Arguments beyond this many bytes are cut, so one process cannot bloat every record. */
    static final int MAX_BYTES = 4096;

    private final Path procRoot;
    private final CmdlineRedactor redactor;

    public CmdlineReader(Path procRoot, CmdlineRedactor redactor) {
        this.procRoot = procRoot;
        this.redactor = redactor;
    }

    /** The redacted arguments, empty for a kernel thread, null if the file cannot be read. */
    public List<String> read(int pid) {
        byte[] raw;
        try {
            raw = Files.readAllBytes(procRoot.resolve(Integer.toString(pid)).resolve("cmdline"));
        } catch (IOException e) {
            return null;
        }
        return redactor.redact(split(raw));
    }

    static List<String> split(byte[] raw) {
        List<String> args = new ArrayList<>();
        int length = Math.min(raw.length, MAX_BYTES);
        int start = 0;
        for (int i = 0; i < length; i++) {
            if (raw[i] == 0) {
                args.add(new String(raw, start, i - start, StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
        if (start < length) {
            args.add(new String(raw, start, length - start, StandardCharsets.UTF_8)); // no final NUL, or cut
        }
        return args;
    }
}
