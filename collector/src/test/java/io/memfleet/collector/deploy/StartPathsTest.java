package io.memfleet.collector.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every way of starting the collector runs it with the one file of JVM flags and environment,
 * {@code deploy/collector-jvm.options}: the systemd unit, the launcher {@code memfleet-collector}
 * (the .deb's and the image's entrypoint), the image, and {@code ./memfleet collector}, which is
 * run here for real with a stand-in {@code java} that records what it was given. The file itself
 * is started on this JDK (and any other under /usr/lib/jvm), which must know every -XX flag in it:
 * IgnoreUnrecognizedVMOptions would hide a misspelt one.
 */
@Timeout(120)
class StartPathsTest {

    private static final Path REPO = Path.of("..");
    private static final Path OPTIONS = REPO.resolve("deploy/collector-jvm.options");
    private static final String INSTALLED_OPTIONS = "/etc/memfleet/collector-jvm.options";
    private static final String ENVIRONMENT_LINE = "-Dmemfleet.collector.environment=";

    @TempDir
    Path dir;

    /** The environment the file declares: {@code NAME=VALUE} pairs of its environment line. */
    private static Map<String, String> declaredEnvironment() throws IOException {
        List<String> lines = Files.readAllLines(OPTIONS).stream().filter(l -> l.startsWith(ENVIRONMENT_LINE)).toList();
        assertThat(lines).as("one environment line in %s", OPTIONS).hasSize(1);
        Map<String, String> environment = new LinkedHashMap<>();
        for (String assignment : lines.get(0).substring(ENVIRONMENT_LINE.length()).split(",")) {
            environment.put(assignment.substring(0, assignment.indexOf('=')), assignment.substring(assignment.indexOf('=') + 1));
        }
        return environment;
    }

    /** The file's flags: every line that is not blank or a comment. */
    private static List<String> flags() throws IOException {
        return Files.readAllLines(OPTIONS).stream().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .toList();
    }

    @Test
    void shouldDeclareTheArenaLimitAndTrimTheNativeHeapWithoutStoppingAnOlderJdk() throws IOException {
        assertThat(declaredEnvironment()).containsEntry("MALLOC_ARENA_MAX", "2");
        List<String> flags = flags();
        assertThat(flags).contains("-XX:+IgnoreUnrecognizedVMOptions", "-XX:TrimNativeHeapInterval=5000");
        assertThat(flags.indexOf("-XX:+IgnoreUnrecognizedVMOptions"))
                .as("before the flags a JDK before 17.0.9 / 21.0.1 lacks")
                .isLessThan(flags.indexOf("-XX:TrimNativeHeapInterval=5000"));
    }

    @Test
    void shouldStartEveryInstalledJdkWithTheFileAndApplyEveryFlagOnThisOne() throws Exception {
        Path thisJava = Path.of(System.getProperty("java.home"), "bin", "java");
        String flagsFinal = run(List.of(thisJava.toString(), "@" + OPTIONS.toAbsolutePath(), "-XX:+PrintFlagsFinal",
                "-version"), Map.of());
        for (String flag : flags()) {
            if (flag.startsWith("-XX:")) {
                String name = flag.substring(4).replaceFirst("^[+-]", "").replaceFirst("=.*", "");
                assertThat(flagsFinal).as("%s: this JDK knows it (a misspelt flag would be ignored)", flag)
                        .containsPattern("\\s" + name + "\\s+=.*\\{command line");
            }
        }
        assertThat(flagsFinal).containsPattern("TrimNativeHeapInterval\\s+= 5000");

        // A JDK without a flag of the file (as 17.0.8 lacks TrimNativeHeapInterval) still starts.
        Path withUnknown = dir.resolve("options");
        Files.writeString(withUnknown, Files.readString(OPTIONS) + "\n-XX:NoSuchFlagInAnyJdk=1\n");
        run(List.of(thisJava.toString(), "@" + withUnknown, "-version"), Map.of());

        try (Stream<Path> jdks = Files.list(Path.of("/usr/lib/jvm"))) {
            for (Path java : jdks.map(jdk -> jdk.resolve("bin/java")).filter(Files::isExecutable).toList()) {
                String version = run(List.of(java.toString(), "@" + OPTIONS.toAbsolutePath(), "-version"), Map.of());
                System.out.printf("StartPathsTest: %s starts with collector-jvm.options: %s%n", java,
                        version.lines().findFirst().orElse(""));
            }
        }
    }

    @Test
    void shouldRunTheSystemdUnitWithTheFileAndItsEnvironment() throws IOException {
        List<String> unit = Files.readAllLines(REPO.resolve("deploy/systemd/memfleet-collector.service"));
        assertThat(unit).filteredOn(l -> l.startsWith("ExecStart=")).singleElement().asString()
                .contains("@" + INSTALLED_OPTIONS + " ");
        for (Map.Entry<String, String> variable : declaredEnvironment().entrySet()) {
            assertThat(unit).contains("Environment=" + variable.getKey() + "=" + variable.getValue());
        }
    }

    @Test
    void shouldBuildTheImageWithTheFileItsEnvironmentAndTheLauncher() throws IOException {
        List<String> dockerfile = Files.readAllLines(REPO.resolve("deploy/docker/collector.Dockerfile"));
        assertThat(dockerfile).contains("COPY deploy/collector-jvm.options " + INSTALLED_OPTIONS,
                "COPY deploy/bin/memfleet-collector /usr/bin/memfleet-collector",
                "ENTRYPOINT [\"/usr/bin/memfleet-collector\"]");
        for (Map.Entry<String, String> variable : declaredEnvironment().entrySet()) {
            assertThat(dockerfile).contains("ENV " + variable.getKey() + "=" + variable.getValue());
        }
    }

    @Test
    void shouldRunTheInstalledLauncherWithTheFileAndExportItsEnvironment() throws Exception {
        // The launcher reads /etc/memfleet; here a copy reads this checkout's file instead.
        String launcher = Files.readString(REPO.resolve("deploy/bin/memfleet-collector"));
        assertThat(launcher).contains("options=" + INSTALLED_OPTIONS + " ")
                .containsPattern("(?m)^exec \"\\$java\" @" + INSTALLED_OPTIONS + " ");
        Path copy = dir.resolve("memfleet-collector");
        Files.writeString(copy, launcher.replace("options=" + INSTALLED_OPTIONS + " ", "options=" + OPTIONS
                .toAbsolutePath() + " "));
        Path java = fakeJava();

        run(List.of("/bin/sh", copy.toString(), "--once"), Map.of("MEMFLEET_JAVA", java.toString()));
        List<String> recorded = Files.readAllLines(dir.resolve("java.log"));
        assertThat(recorded).contains("MALLOC_ARENA_MAX=2");
        assertThat(recorded.get(0)).startsWith("args: @" + INSTALLED_OPTIONS + " -jar ");

        Files.writeString(dir.resolve("java.log"), "");
        run(List.of("/bin/sh", copy.toString(), "--once"), Map.of("MEMFLEET_JAVA", java.toString(),
                "MALLOC_ARENA_MAX", "4"));
        assertThat(Files.readAllLines(dir.resolve("java.log"))).as("a value already set wins")
                .contains("MALLOC_ARENA_MAX=4");
    }

    @Test
    void shouldRunMemfleetCollectorWithTheFileAndItsEnvironmentAndOtherCommandsWithout() throws Exception {
        // A checkout of its own: the launcher, a jar newer than any source (so it builds nothing), the file.
        Path checkout = dir.resolve("checkout");
        Files.createDirectories(checkout.resolve("cli/target"));
        Files.createDirectories(checkout.resolve("deploy"));
        Files.copy(REPO.resolve("memfleet"), checkout.resolve("memfleet"));
        Files.copy(OPTIONS, checkout.resolve("deploy/collector-jvm.options"));
        Files.writeString(checkout.resolve("cli/target/memfleet.jar"), "");
        Files.createDirectories(checkout.resolve("bench/target"));
        Files.writeString(checkout.resolve("bench/target/memfleet-bench.jar"), "");
        Path java = fakeJava();
        Map<String, String> path = Map.of("PATH", java.getParent() + ":/usr/bin:/bin");

        run(List.of("bash", checkout.resolve("memfleet").toString(), "collector", "--once"), path);
        List<String> recorded = Files.readAllLines(dir.resolve("java.log"));
        assertThat(recorded.get(0)).isEqualTo("args: @" + checkout.resolve("deploy/collector-jvm.options") + " -jar "
                + checkout.resolve("cli/target/memfleet.jar") + " collector --once");
        assertThat(recorded).contains("MALLOC_ARENA_MAX=2");

        Files.writeString(dir.resolve("java.log"), "");
        run(List.of("bash", checkout.resolve("memfleet").toString(), "aggregator", "--help"), path);
        assertThat(Files.readAllLines(dir.resolve("java.log"))).as("the collector's flags are the collector's only")
                .containsExactly("args: -jar " + checkout.resolve("cli/target/memfleet.jar") + " aggregator --help",
                        "MALLOC_ARENA_MAX=");

        Files.writeString(dir.resolve("java.log"), "");
        run(List.of("bash", checkout.resolve("memfleet").toString(), "bench", "collector"), path);
        assertThat(Files.readAllLines(dir.resolve("java.log"))).as("the bench is not the collector it measures")
                .containsExactly("args: -jar " + checkout.resolve("bench/target/memfleet-bench.jar") + " collector",
                        "MALLOC_ARENA_MAX=");
    }

    /** A {@code java} that answers the launcher's version check and records its arguments and MALLOC_ARENA_MAX. */
    private Path fakeJava() throws IOException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path java = bin.resolve("java");
        Path log = dir.resolve("java.log");
        Files.writeString(log, "");
        Files.writeString(java, "#!/bin/sh\n"
                + "for a; do [ \"$a\" = -version ] && { echo '    java.specification.version = 17' >&2; exit 0; }; done\n"
                + "echo \"args: $*\" >> " + log + "\n"
                + "echo \"MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-}\" >> " + log + "\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        return java;
    }

    /** Runs the command with only {@code environment} (and a PATH), fails unless it exits 0; returns its output. */
    private static String run(List<String> command, Map<String, String> environment) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().put("PATH", "/usr/bin:/bin");
        builder.environment().putAll(environment);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("%s finished", command).isTrue();
        assertThat(process.exitValue()).as("%s exit code; output:%n%s", command, output).isZero();
        return output;
    }
}
