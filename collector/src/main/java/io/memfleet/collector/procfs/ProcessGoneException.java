package io.memfleet.collector.procfs;

/** The process exited while we were reading it: an ordinary event, counted rather than logged loudly. */
public final class ProcessGoneException extends ProcfsException {

    public ProcessGoneException(String message, Throwable cause) {
        super(Reason.GONE, message, cause);
    }
}
