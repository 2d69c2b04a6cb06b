package io.memfleet.common;

import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigException;
import picocli.CommandLine;

/**
 * picocli set up the way every memfleet command wants it: a wrong flag or a bad config value prints
 * one line naming it (and exits 2); a failure at run time prints one line (and exits 1), with the
 * stack trace only in the log.
 */
public final class Cli {

    public static final int EXIT_FAILURE = 1;
    public static final int EXIT_USAGE = 2;

    private Cli() {
    }

    public static CommandLine commandLine(Object command) {
        CommandLine commandLine = new CommandLine(command);
        commandLine.setExecutionExceptionHandler((e, cmd, parseResult) -> {
            if (e instanceof ConfigException) {
                cmd.getErr().println("memfleet " + cmd.getCommandName() + ": configuration error: " + e.getMessage());
                return EXIT_USAGE;
            }
            org.slf4j.LoggerFactory.getLogger(Cli.class).debug("command failed", e);
            cmd.getErr().println("memfleet " + cmd.getCommandName() + ": " + describe(e));
            return EXIT_FAILURE;
        });
        return commandLine;
    }

    private static String describe(Exception e) {
        String message = e.getMessage();
        if (message == null || (e instanceof KafkaException && e.getCause() != null && message.length() < 20)) {
            message = e.toString();
        }
        return message;
    }
}
