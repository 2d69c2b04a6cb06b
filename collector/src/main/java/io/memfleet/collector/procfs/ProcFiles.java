package io.memfleet.collector.procfs;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads one procfs file whole, and sorts the ways that can fail into {@link ProcfsException.Reason}s.
 *
 * <p>procfs files report size 0, so the read must go on to end of file rather than trust the size;
 * {@link Files#readAllBytes} does. The kernel builds maps one page at a time, so a file read in
 * one go is as consistent as procfs allows.
 */
final class ProcFiles {

    private ProcFiles() {
    }

    /** Reads a file of one process: a failure may mean the process is gone. */
    static byte[] read(Path file) throws ProcfsException {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw classify(file, e);
        }
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
