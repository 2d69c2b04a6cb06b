package io.memfleet.dist;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.memfleet.aggregator.AggregatorCommand;
import io.memfleet.aggregator.AggregatorConfig;
import io.memfleet.aggregator.AggregatorMain;
import io.memfleet.cli.MemfleetMain;
import io.memfleet.collector.CollectorCommand;
import io.memfleet.collector.CollectorMain;
import io.memfleet.common.Cli;
import io.memfleet.common.ConfigFiles;
import io.memfleet.testkit.RequiredBinary;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * docker-compose.yml and the Dockerfiles it builds, checked without a Docker engine (there is none
 * here): Debian's docker-compose validates and normalises the file; the services' settings are
 * read from it; each image's command is parsed by the {@code memfleet} launcher's own picocli
 * command, through the jar the image's entrypoint runs. An IT: the images hold the jars that
 * {@code mvn package} makes, and this checks they are there.
 */
class DockerComposeIT {

    private static final Path REPO = Path.of("..");
    private static final Path COMPOSE = REPO.resolve("docker-compose.yml");
    private static final Path UNIT = REPO.resolve("deploy/systemd/memfleet-collector.service");
    /** What each image's jar runs: its Main-Class builds this picocli command (see the Main classes). */
    private static final Map<String, Class<?>> COMMAND_OF_MAIN = Map.of(
            CollectorMain.class.getName(), CollectorCommand.class,
            AggregatorMain.class.getName(), AggregatorCommand.class);

    static JsonNode services;

    @TempDir
    Path dir;

    @BeforeAll
    static void readCompose() throws IOException {
        services = new YAMLMapper().readTree(COMPOSE.toFile()).path("services");
    }

    private static List<String> strings(JsonNode list) {
        assertThat(list.isArray()).as("a list: %s", list).isTrue();
        return StreamSupport.stream(list.spliterator(), false).map(JsonNode::asText).collect(Collectors.toList());
    }

    private static List<String> command(String service) {
        return strings(services.path(service).path("command"));
    }

    /** The service's command as the launcher parses it: {@code memfleet SERVICE ARGS...}. */
    private static ParseResult launcherParse(String service) {
        List<String> args = new ArrayList<>(List.of(service));
        args.addAll(command(service));
        return Cli.commandLine(new MemfleetMain()).parseArgs(args.toArray(String[]::new)).subcommand();
    }

    @Test
    void shouldBeAValidComposeFileForDockerCompose() throws IOException {
        String dockerCompose = RequiredBinary.find("memfleet.test.docker-compose", List.of("/usr/bin/docker-compose"),
                "Debian's docker-compose (it only validates the file: no Docker engine is needed)");
        // docker-compose 1.29 predates the Compose Specification's uts key; everything else it checks.
        ObjectNode compose = (ObjectNode) new YAMLMapper().readTree(COMPOSE.toFile());
        assertThat(((ObjectNode) compose.path("services").path("collector")).remove("uts").asText()).isEqualTo("host");
        Path copy = dir.resolve("docker-compose.yml");
        new YAMLMapper().writeValue(copy.toFile(), compose);

        Commands.Result config = Commands.run(List.of(dockerCompose, "--project-directory",
                REPO.toAbsolutePath().normalize().toString(), "--file", copy.toString(), "config"), Map.of(), dir).orFail();

        JsonNode normalised = new YAMLMapper().readTree(config.output()).path("services");
        assertThat(normalised.path("collector").path("pid").asText()).isEqualTo("host");
        assertThat(normalised.path("collector").path("build").path("context").asText())
                .as("the repository root, so the Dockerfiles copy the Maven output")
                .isEqualTo(REPO.toAbsolutePath().normalize().toString());
    }

    @Test
    void shouldRunKafkaInKRaftModeFromTheOfficialImageAtTheProjectsKafkaVersion() throws IOException {
        JsonNode kafka = services.path("kafka");
        JsonNode env = kafka.path("environment");
        // apache/kafka at ${kafka.version}: the image the integration tests use where Docker is.
        Properties testkit = new Properties();
        try (InputStream in = io.memfleet.testkit.TestKafka.class.getResourceAsStream("testkit.properties")) {
            testkit.load(in);
        }

        assertThat(kafka.path("image").asText()).startsWith("apache/kafka:").isEqualTo(testkit.getProperty("kafka.image"));
        assertThat(env.path("KAFKA_PROCESS_ROLES").asText().split(",")).containsExactlyInAnyOrder("broker", "controller");
        assertThat(env.has("KAFKA_ZOOKEEPER_CONNECT")).isFalse();
        assertThat(strings(kafka.path("healthcheck").path("test"))).isNotEmpty();
        String advertised = env.path("KAFKA_ADVERTISED_LISTENERS").asText();
        for (String service : List.of("aggregator", "collector")) {
            String bootstrap = launcherParse(service).matchedOptionValue("--bootstrap-servers", "");
            assertThat(advertised).as("%s's brokers are an advertised listener", service).contains("://" + bootstrap);
        }
    }

    @Test
    void shouldStartTheAggregatorOnAHealthyKafkaAndCheckItsHealthz() throws IOException {
        JsonNode aggregator = services.path("aggregator");
        int port = launcherParse("aggregator").matchedOptionValue("--http-port", 8080);

        assertThat(aggregator.path("depends_on").path("kafka").path("condition").asText()).isEqualTo("service_healthy");
        assertThat(String.join(" ", strings(aggregator.path("healthcheck").path("test"))))
                .contains("http://127.0.0.1:" + port + "/healthz");
        assertThat(strings(aggregator.path("ports"))).anyMatch(p -> p.endsWith(":" + port));
        // The image's default configuration file, as the aggregator reads it.
        Map<String, Object> settings = new HashMap<>(ConfigFiles.load(
                REPO.resolve("deploy/docker/aggregator.properties"), null));
        settings.put(AggregatorConfig.BOOTSTRAP_SERVERS, "kafka:19092");
        assertThat(new AggregatorConfig(settings).httpHost()).as("reachable through a published port").isEqualTo("0.0.0.0");
    }

    @Test
    void shouldLetTheCollectorSeeTheHostsProcessesReadOnlyWithTheUnitsCapabilityOnly() throws IOException {
        JsonNode collector = services.path("collector");
        String procRoot = launcherParse("collector").matchedOptionValue("--proc-root", Path.of("/proc")).toString();
        List<String> unitCaps = Files.readAllLines(UNIT).stream()
                .filter(line -> line.startsWith("CapabilityBoundingSet="))
                .flatMap(line -> List.of(line.substring(line.indexOf('=') + 1).split("\\s+")).stream())
                .map(cap -> cap.replaceFirst("^CAP_", ""))
                .collect(Collectors.toList());

        assertThat(collector.path("pid").asText()).isEqualTo("host");
        assertThat(collector.path("uts").asText()).as("the host's name in its records").isEqualTo("host");
        assertThat(strings(collector.path("volumes"))).contains("/proc:" + procRoot + ":ro");
        assertThat(strings(collector.path("cap_drop"))).containsExactly("ALL");
        assertThat(unitCaps).containsExactly("SYS_PTRACE");
        assertThat(strings(collector.path("cap_add"))).as("the unit's capabilities").isEqualTo(unitCaps);
        assertThat(collector.path("read_only").asBoolean()).isTrue();
        assertThat(collector.path("depends_on").path("aggregator").path("condition").asText()).isEqualTo("service_healthy");
        assertThat(strings(collector.path("healthcheck").path("test"))).isNotEmpty();
    }

    @Test
    void shouldRunEachImageAsALauncherSubcommandWithFlagsItDeclares() throws IOException {
        for (String service : List.of("aggregator", "collector")) {
            Dockerfile dockerfile = Dockerfile.read(REPO.resolve(services.path(service).path("build").path("dockerfile").asText()));
            String jar = jarRun(dockerfile);
            Path builtJar = REPO.resolve(dockerfile.sourceOf(jar));
            assertThat(builtJar).as("%s: what mvn package made for %s", service, jar).isRegularFile();
            String mainClass;
            try (JarFile file = new JarFile(builtJar.toFile())) {
                mainClass = file.getManifest().getMainAttributes().getValue("Main-Class");
            }

            ParseResult parsed = launcherParse(service);

            assertThat(parsed.commandSpec().userObject()).as("memfleet %s runs what the %s image runs", service, service)
                    .isInstanceOf(COMMAND_OF_MAIN.get(mainClass));
            assertThat(parsed.unmatched()).isEmpty();
            assertThat(parsed.matchedOptions()).as("every flag of %s's command", service)
                    .hasSize((int) command(service).stream().filter(arg -> arg.startsWith("--")).count());
        }
    }

    /** The jar an image's entrypoint runs: {@code java -jar JAR}, or through the collector's launcher. */
    private static String jarRun(Dockerfile dockerfile) throws IOException {
        List<String> words = dockerfile.entrypoint();
        if (words.size() == 1) {
            Path launcher = REPO.resolve(dockerfile.sourceOf(words.get(0)));
            assertThat(launcher).as("the launcher %s in the build context", words.get(0)).isRegularFile();
            // The JVM flags file the launcher names is in the image too, from deploy/.
            List<String> exec = Dockerfile.execLine(launcher);
            String argFile = exec.stream().filter(w -> w.startsWith("@")).findFirst().orElseThrow().substring(1);
            assertThat(REPO.resolve(dockerfile.sourceOf(argFile))).isRegularFile();
            words = exec;
        }
        int jar = words.indexOf("-jar");
        assertThat(jar).as("%s runs java -jar", dockerfile.file()).isPositive();
        return words.get(jar + 1);
    }

    @Test
    void shouldSendDockerOnlyWhatTheDockerfilesCopy() throws IOException {
        List<String> allowed = Files.readAllLines(REPO.resolve(".dockerignore")).stream()
                .filter(line -> line.startsWith("!")).map(line -> line.substring(1)).collect(Collectors.toList());
        assertThat(Files.readAllLines(REPO.resolve(".dockerignore"))).contains("*");

        for (String service : List.of("aggregator", "collector")) {
            Dockerfile dockerfile = Dockerfile.read(REPO.resolve(services.path(service).path("build").path("dockerfile").asText()));
            for (String source : dockerfile.copies().values()) {
                assertThat(REPO.resolve(source)).as("%s copies %s", dockerfile.file(), source).exists();
                assertThat(allowed).as(".dockerignore lets %s through", source).contains(source);
            }
        }
    }
}
