package io.memfleet.collector.procfs;

/** A procfs file exists but cannot be read: permissions, ptrace rules, or not a regular file. */
public final class ProcfsUnreadableException extends ProcfsException {

    public ProcfsUnreadableException(String message, Throwable cause) {
        super(Reason.UNREADABLE, message, cause);
    }
}
