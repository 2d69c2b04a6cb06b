package io.memfleet.collector.procfs;

/**
 * Something about one process could not be read from procfs.
 *
 * <p>procfs is hostile input: a pass over every process must not fail because one of them
 * misbehaved, so callers catch this per process and count it under its {@link #reason()}.
 */
public abstract class ProcfsException extends Exception {

    /** Why the read failed; a collector counts each separately. */
    public enum Reason {
        /** The process exited while we read it (the file vanished, or the kernel said ESRCH). */
        GONE,
        /** We may not read it (EACCES/EPERM, or the path is not a readable file). */
        UNREADABLE,
        /** The content does not look like what the kernel writes (truncated or garbled). */
        MALFORMED
    }

    private final Reason reason;

    protected ProcfsException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
