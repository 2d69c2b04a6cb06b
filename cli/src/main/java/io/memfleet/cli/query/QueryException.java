package io.memfleet.cli.query;

import io.memfleet.common.Cli;

/**
 * A query that cannot be answered, as the one line {@code memfleet query} prints and the exit code it
 * returns: {@link Cli#EXIT_USAGE} for a bad argument, {@link Cli#EXIT_FAILURE} for a server that is
 * unreachable or answered with an error.
 */
final class QueryException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int exitCode;

    private QueryException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    /** A wrong argument or option value: exit 2. */
    static QueryException usage(String message) {
        return new QueryException(Cli.EXIT_USAGE, message);
    }

    /** The server could not be reached or answered with an error: exit 1. */
    static QueryException failure(String message) {
        return new QueryException(Cli.EXIT_FAILURE, message);
    }

    int exitCode() {
        return exitCode;
    }
}
