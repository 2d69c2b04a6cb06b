package io.memfleet.collector;

import io.memfleet.common.Cli;

/** Entry point of the collector's own jar ({@code java -jar memfleet-collector.jar}), as the systemd unit runs it. */
public final class CollectorMain {

    private CollectorMain() {
    }

    public static void main(String[] args) {
        System.exit(Cli.commandLine(new CollectorCommand()).execute(args));
    }
}
