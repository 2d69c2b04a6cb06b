package io.memfleet.alerts;

import io.memfleet.common.Cli;

/** Entry point of the Alertmanager bridge's own jar ({@code java -jar memfleet-alerts.jar}). */
public final class AlertsMain {

    private AlertsMain() {
    }

    public static void main(String[] args) {
        System.exit(Cli.commandLine(new AlertsCommand()).execute(args));
    }
}
