package io.memfleet.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A program a test needs from the machine (Alertmanager, promtool, Chromium): the path a system
 * property names, else the first executable candidate, else an assertion failure saying what to
 * install. Never a skip: {@code script/setup} installs these before the tests run, so a missing one
 * is a broken setup, not a reason to pass without testing.
 */
public final class RequiredBinary {

    private RequiredBinary() {
    }

    /** The C compiler that tests use to build the real processes they watch. */
    public static String cCompiler() {
        return find("memfleet.test.cc", List.of("/usr/bin/cc", "/usr/bin/gcc"), "a C compiler (Debian's gcc)");
    }

    /**
     * @param property   a system property that may name the binary (-Dproperty=/path)
     * @param candidates where Debian's packages put it
     * @param install    what to install, for the failure message ("Debian's prometheus package")
     */
    public static String find(String property, List<String> candidates, String install) {
        String configured = System.getProperty(property);
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        for (String candidate : candidates) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        throw new AssertionError("no " + Path.of(candidates.get(0)).getFileName() + " (looked for " + candidates
                + "): install " + install + " (script/setup does), or point -D" + property + " at one");
    }
}
