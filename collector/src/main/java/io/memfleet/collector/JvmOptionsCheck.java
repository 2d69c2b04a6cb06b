package io.memfleet.collector;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Whether this JVM was started with the collector's options file ({@code collector-jvm.options})
 * and the environment it declares. A JVM on its defaults runs the collector at about twice the RSS
 * (G1, a quarter of RAM as heap, eight malloc arenas a core), and nothing else would say so: the
 * runnable jar can be started by hand without the file. The file marks itself with the system
 * property {@value #ENVIRONMENT_PROPERTY} ({@code NAME=VALUE,...}), which names the environment
 * too, so the check costs a property and an environment lookup — no management beans loaded.
 */
final class JvmOptionsCheck {

    static final String ENVIRONMENT_PROPERTY = "memfleet.collector.environment";
    private static final String HOW = "start it as `java @deploy/collector-jvm.options -jar memfleet-collector.jar ...` "
            + "(installed: @/etc/memfleet/collector-jvm.options), or through `memfleet-collector` or "
            + "`./memfleet collector`, which do";

    private JvmOptionsCheck() {
    }

    /**
     * What differs from the shipped start, one line each (empty when nothing does).
     *
     * @param declared    the value of {@value #ENVIRONMENT_PROPERTY}, null if the file was not used
     * @param environment this process's environment
     */
    static List<String> problems(String declared, Map<String, String> environment) {
        List<String> problems = new ArrayList<>();
        if (declared == null) {
            problems.add("The collector runs without its JVM options file (collector-jvm.options), or with one "
                    + "older than this release (no -D" + ENVIRONMENT_PROPERTY + "=; after an upgrade, diff it against "
                    + "collector-jvm.options.new): on the JVM's default GC and heap it takes about twice the memory; "
                    + HOW);
            return problems;
        }
        for (String assignment : declared.split(",")) {
            int equals = assignment.indexOf('=');
            if (equals <= 0) {
                continue;
            }
            String name = assignment.substring(0, equals).trim();
            String value = assignment.substring(equals + 1).trim();
            String actual = environment.get(name);
            if (!value.equals(actual)) {
                problems.add("The collector's environment has " + name + (actual == null ? " unset" : "=" + actual)
                        + ", not " + name + "=" + value + " as collector-jvm.options declares: set it in the "
                        + "environment that starts java (the unit's Environment=, the image's ENV), or " + HOW);
            }
        }
        return problems;
    }
}
