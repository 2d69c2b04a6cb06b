package io.memfleet.dist;

import static org.assertj.core.api.Assertions.assertThat;

import io.memfleet.testkit.RequiredBinary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The collector's .deb as {@code mvn package} built it, read with Debian's own dpkg-deb: its control
 * fields, every path with its mode and owner, its conffiles, its maintainer scripts, and that what
 * it ships is byte for byte what deploy/ and the collector module hold.
 */
class DebContentsIT {

    static final Path REPO = Path.of("..");
    static final Path DEPLOY = REPO.resolve("deploy");
    static final String APP_DIR = "/opt/memfleet/collector";

    /** Every file the package ships except the dependency jars, with its mode as dpkg-deb shows it. */
    static final Map<String, String> FILES = Map.of(
            APP_DIR + "/memfleet-collector.jar", "-rw-r--r--",
            "/usr/bin/memfleet-collector", "-rwxr-xr-x",
            "/usr/lib/systemd/system/memfleet-collector.service", "-rw-r--r--",
            "/usr/lib/sysusers.d/memfleet.conf", "-rw-r--r--",
            "/etc/memfleet/collector.properties", "-rw-r-----",
            "/etc/memfleet/collector-jvm.options", "-rw-r--r--");

    /** Where each shipped file comes from: deploy/, never a copy of it. */
    static final Map<String, Path> SOURCES = Map.of(
            "/usr/bin/memfleet-collector", DEPLOY.resolve("bin/memfleet-collector"),
            "/usr/lib/systemd/system/memfleet-collector.service", DEPLOY.resolve("systemd/memfleet-collector.service"),
            "/usr/lib/sysusers.d/memfleet.conf", DEPLOY.resolve("sysusers.d/memfleet.conf"),
            "/etc/memfleet/collector.properties", DEPLOY.resolve("collector.properties.example"),
            "/etc/memfleet/collector-jvm.options", DEPLOY.resolve("collector-jvm.options"),
            APP_DIR + "/memfleet-collector.jar", REPO.resolve("collector/target/memfleet-collector.jar"));

    @TempDir
    static Path work;
    static Path tree;
    static Path control;

    static Path deb() {
        Path deb = Path.of(System.getProperty("memfleet.deb", "target/memfleet-collector.deb"));
        assertThat(deb).as("the .deb that mvn package builds in dist/target").isRegularFile();
        return deb;
    }

    @BeforeAll
    static void unpack() {
        tree = work.resolve("tree");
        control = work.resolve("control");
        Commands.run("dpkg-deb", "--extract", deb().toString(), tree.toString()).orFail();
        Commands.run("dpkg-deb", "--control", deb().toString(), control.toString()).orFail();
    }

    private static String field(String name) {
        return Commands.run("dpkg-deb", "--field", deb().toString(), name).orFail().output().strip();
    }

    @Test
    void shouldDeclareTheCollectorPackageAndAJava17RuntimeDependency() {
        String projectVersion = System.getProperty("memfleet.version", "0.1.0-SNAPSHOT");

        assertThat(field("Package")).isEqualTo("memfleet-collector");
        assertThat(field("Architecture")).isEqualTo("all");
        assertThat(field("Version")).as("Debian's form of %s", projectVersion)
                .startsWith(projectVersion.replaceFirst("-SNAPSHOT$", "~"));
        assertThat(field("Depends").split(",\\s*"))
                .contains("openjdk-17-jre-headless | java17-runtime-headless", "adduser");
        assertThat(field("Maintainer")).matches(".+ <[^>]+@[^>]+>");
        assertThat(field("Description")).startsWith("memfleet collector");
    }

    @Test
    void shouldShipEachFileWhereTheUnitAndLauncherLookForItWithItsMode() {
        // "-rw-r--r-- root/root 100231 2026-11-30 04:34 ./opt/memfleet/collector/memfleet-collector.jar"
        Map<String, String> entries = new TreeMap<>();
        for (String line : Commands.run("dpkg-deb", "--contents", deb().toString()).orFail().output().split("\n")) {
            String[] f = line.trim().split("\\s+", 6);
            assertThat(f[1]).as("owner of %s", f[5]).isEqualTo("root/root");
            entries.put(f[5].replaceFirst("^\\.", "").replaceFirst("(.)/$", "$1"), f[0]);
        }

        assertThat(entries).containsAllEntriesOf(FILES);
        Map<String, String> others = new TreeMap<>(entries);
        others.keySet().removeAll(FILES.keySet());
        assertThat(others).as("directories (0755) and the dependency jars (0644) besides those")
                .allSatisfy((path, mode) -> assertThat(mode).isIn("drwxr-xr-x", "-rw-r--r--"));
        assertThat(others).allSatisfy((path, mode) -> {
            if (mode.startsWith("-")) {
                assertThat(path).matches(APP_DIR + "/lib/[^/]+\\.jar");
            }
        });
    }

    @Test
    void shouldShipTheDeployFilesAndTheCollectorJarUnchanged() throws IOException {
        for (Map.Entry<String, Path> source : SOURCES.entrySet()) {
            assertThat(tree.resolve(source.getKey().substring(1))).as(source.getKey())
                    .hasSameBinaryContentAs(source.getValue());
        }
    }

    @Test
    void shouldShipExactlyTheJarsTheCollectorJarsClassPathNames() throws IOException {
        Path app = tree.resolve(APP_DIR.substring(1));
        Set<String> classPath;
        try (JarFile jar = new JarFile(app.resolve("memfleet-collector.jar").toFile())) {
            Attributes main = jar.getManifest().getMainAttributes();
            assertThat(main.getValue("Main-Class")).isEqualTo("io.memfleet.collector.CollectorMain");
            classPath = Arrays.stream(main.getValue("Class-Path").split(" ")).collect(Collectors.toCollection(TreeSet::new));
        }
        Set<String> shipped;
        try (Stream<Path> lib = Files.list(app.resolve("lib"))) {
            shipped = lib.map(p -> "lib/" + p.getFileName()).collect(Collectors.toCollection(TreeSet::new));
        }

        assertThat(shipped).isEqualTo(classPath).anyMatch(jar -> jar.startsWith("lib/kafka-clients-"));
    }

    @Test
    void shouldRunTheSameJavaCommandFromTheLauncherAsTheUnit() throws IOException {
        List<String> unit = new java.util.ArrayList<>(List.of(Files.readAllLines(SOURCES.get(
                "/usr/lib/systemd/system/memfleet-collector.service")).stream()
                .filter(line -> line.startsWith("ExecStart=")).findFirst().orElseThrow()
                .substring("ExecStart=".length()).split("\\s+")));
        List<String> launcher = new java.util.ArrayList<>(Dockerfile.execLine(SOURCES.get("/usr/bin/memfleet-collector")));

        // The unit names its java and configuration file; the launcher takes both from the caller.
        assertThat(unit.subList(0, 1)).containsExactly("/usr/bin/java");
        assertThat(unit.subList(unit.size() - 2, unit.size())).containsExactly("--config", "/etc/memfleet/collector.properties");
        assertThat(launcher.get(0)).isEqualTo("$java");
        assertThat(launcher.get(launcher.size() - 1)).isEqualTo("$@");
        launcher.remove("${MEMFLEET_JAVA_OPTS:-}");
        assertThat(launcher.subList(1, launcher.size() - 1)).isEqualTo(unit.subList(1, unit.size() - 2));
    }

    @Test
    void shouldMarkTheConfigurationAndTheJvmFlagsAsConffiles() throws IOException {
        assertThat(Files.readAllLines(control.resolve("conffiles")))
                .containsExactlyInAnyOrder("/etc/memfleet/collector.properties", "/etc/memfleet/collector-jvm.options");
    }

    @Test
    void shouldHaveMaintainerScriptsAndALauncherThatParseAsPosixShell() {
        for (String script : List.of("postinst", "prerm", "postrm")) {
            Path file = control.resolve(script);
            assertThat(file).as(script).isExecutable().content().startsWith("#!/bin/sh\n");
            // /bin/sh is dash on Debian: stricter than bash about bashisms.
            Commands.run("sh", "-n", file.toString()).orFail();
        }
        String shellcheck = RequiredBinary.find("memfleet.test.shellcheck", List.of("/usr/bin/shellcheck"),
                "Debian's shellcheck");
        Commands.run(shellcheck, "--shell=sh", control.resolve("postinst").toString(),
                control.resolve("prerm").toString(), control.resolve("postrm").toString(),
                tree.resolve("usr/bin/memfleet-collector").toString()).orFail();
    }

    @Test
    void shouldCreateTheUserAndStateAndTouchSystemdOnlyWhenItRuns() throws IOException {
        String postinst = Files.readString(control.resolve("postinst"));
        String prerm = Files.readString(control.resolve("prerm"));
        String postrm = Files.readString(control.resolve("postrm"));

        assertThat(postinst)
                .contains("adduser --system --group")
                .contains("chown root:memfleet \"$CONFIG\"")
                .contains("install -d -o memfleet -g memfleet -m 0700 \"$STATE_DIR\"")
                .contains("deb-systemd-helper enable \"$UNIT\"")
                .contains("UNIT=memfleet-collector.service");
        assertThat(prerm).contains("deb-systemd-invoke stop \"$UNIT\"");
        assertThat(postrm).contains("deb-systemd-helper purge \"$UNIT\"").contains("rm -rf /var/lib/memfleet-collector");
        // Every systemctl and deb-systemd-invoke call sits under the debhelper guard.
        for (String script : List.of(postinst, prerm, postrm)) {
            assertThat(callsOutsideSystemdGuard(script)).isEmpty();
        }
    }

    /** Lines calling systemctl or deb-systemd-invoke that no enclosing if tests /run/systemd/system. */
    static List<String> callsOutsideSystemdGuard(String script) {
        List<String> outside = new java.util.ArrayList<>();
        java.util.Deque<Boolean> guards = new java.util.ArrayDeque<>();
        for (String raw : script.split("\n")) {
            String line = raw.strip();
            if (line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("if ") && !line.endsWith("fi")) {
                guards.push(line.contains("[ -d /run/systemd/system ]"));
            } else if (line.equals("fi") || line.startsWith("fi;")) {
                guards.pop();
            }
            boolean calls = line.matches("(.*[;&|]\\s*)?(systemctl|deb-systemd-invoke) .*")
                    || line.startsWith("systemctl ") || line.startsWith("deb-systemd-invoke ");
            if (calls && !guards.contains(true)) {
                outside.add(line);
            }
        }
        return outside;
    }
}
