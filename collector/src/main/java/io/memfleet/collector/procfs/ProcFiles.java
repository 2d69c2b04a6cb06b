package io.memfleet.collector.procfs;

import java.io.FileInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads one procfs file whole, and sorts the ways that can fail into {@link ProcfsException.Reason}s.
 *
 * <p>procfs files report size 0, so the read must go on to end of file rather than trust the size.
 * A pass reads three files of every process, so each is read with as few system calls as a
 * {@code cat} makes: into a buffer kept per thread, large enough for almost any maps file in one
 * {@code read}, then copied out at its exact size. The kernel builds maps one page at a time, so a
 * file read in one go is as consistent as procfs allows.
 */
final class ProcFiles {

    /** Holds a process with ~800 mappings in one read; a larger file grows it. */
    private static final int BUFFER_BYTES = 64 * 1024;
    /** A grown buffer is kept up to this size; a rare huge maps file does not pin its size for good. */
    private static final int KEPT_BUFFER_BYTES = 1024 * 1024;
    private static final int MAX_FILE_BYTES = Integer.MAX_VALUE - 8;
    private static final ThreadLocal<byte[]> BUFFER = ThreadLocal.withInitial(() -> new byte[BUFFER_BYTES]);

    private ProcFiles() {
    }

    /** Reads a file of one process: a failure may mean the process is gone. */
    static byte[] read(Path file) throws ProcfsException {
        Content content = readShared(file);
        return Arrays.copyOf(content.bytes(), content.length());
    }

    /** Reads a file of one process and decodes it as UTF-8 (bytes that are not UTF-8 become U+FFFD). */
    static String readUtf8(Path file) throws ProcfsException {
        Content content = readShared(file);
        return new String(content.bytes(), 0, content.length(), StandardCharsets.UTF_8);
    }

    /**
     * What {@link #readShared} read: the first {@code length} bytes of {@code bytes}, an array this
     * thread reuses, so valid only until the thread's next read.
     */
    record Content(byte[] bytes, int length) {
    }

    /**
     * Reads a file of one process into this thread's buffer, without copying it out: for a caller
     * that is done with the bytes before it reads again.
     */
    static Content readShared(Path file) throws ProcfsException {
        FileInputStream in;
        try {
            in = new FileInputStream(file.toFile());
        } catch (FileNotFoundException e) {
            throw classify(file, openFailure(file, e));
        }
        try (in) {
            return readFully(in);
        } catch (IOException e) {
            throw classify(file, e);
        }
    }

    /** Everything up to end of file, into this thread's buffer. */
    private static Content readFully(FileInputStream in) throws IOException {
        byte[] buffer = BUFFER.get();
        int length = 0;
        while (true) {
            int n = in.read(buffer, length, buffer.length - length);
            if (n < 0) {
                return new Content(buffer, length);
            }
            length += n;
            if (length == buffer.length) {
                if (buffer.length >= MAX_FILE_BYTES) {
                    throw new OutOfMemoryError("Required array size too large");
                }
                buffer = Arrays.copyOf(buffer, (int) Math.min(MAX_FILE_BYTES, 2L * buffer.length));
                if (buffer.length <= KEPT_BUFFER_BYTES) {
                    BUFFER.set(buffer);
                }
            }
        }
    }

    /**
     * {@link FileInputStream} reports every failure to open as {@code "path (strerror text)"}; this
     * gives the exception {@link Files#newByteChannel} throws for the same errno (a directory opens
     * there and fails on read, with the text alone), so {@link #classify} sees what it always saw.
     */
    static IOException openFailure(Path file, FileNotFoundException e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        int open = message.lastIndexOf(" (");
        String reason = open >= 0 && message.endsWith(")") ? message.substring(open + 2, message.length() - 1)
                : message;
        IOException translated = switch (reason) {
            case "No such file or directory" -> new NoSuchFileException(file.toString());
            case "Permission denied" -> new AccessDeniedException(file.toString());
            case "Is a directory" -> new IOException(reason);
            default -> new FileSystemException(file.toString(), null, reason);
        };
        translated.initCause(e);
        return translated;
    }

    /**
     * Reads a host-wide file (boot id, hostname). These do not come and go with processes, so any
     * failure, a missing file included, is UNREADABLE: most likely a wrong proc root.
     */
    static byte[] readHostFile(Path file) throws ProcfsUnreadableException {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw hostUnreadable(file, e);
        }
    }

    static ProcfsUnreadableException hostUnreadable(Path file, IOException e) {
        return new ProcfsUnreadableException(file + ": cannot read (" + e + ")", e);
    }

    /**
     * How an I/O failure maps to a reason. The JDK turns ENOENT and EACCES at open into typed
     * exceptions, but errors during read (ESRCH once a process has exited, EPERM) arrive as a plain
     * IOException whose message is the C library's text for the errno, so those are matched by text.
     */
    static ProcfsException classify(Path file, IOException e) {
        String detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (e instanceof NoSuchFileException || detail.contains("No such process")) {
            return new ProcessGoneException(file + ": process gone (" + detail + ")", e);
        }
        if (e instanceof AccessDeniedException) {
            return new ProcfsUnreadableException(file + ": access denied", e);
        }
        // Anything else (EPERM, EISDIR, EIO, ELOOP, ...) means the file is there and we cannot read it.
        return new ProcfsUnreadableException(file + ": cannot read (" + detail + ")", e);
    }
}
