package io.memfleet.dist;

import static org.assertj.core.api.Assertions.assertThat;

import io.memfleet.schema.HostHeartbeat;
import io.memfleet.schema.ProcessSample;
import io.memfleet.schema.SampleRecord;
import io.memfleet.schema.codec.RecordCodec;
import io.memfleet.schema.kafka.Topics;
import io.memfleet.testkit.TestKafka;
import io.memfleet.testkit.WithKafka;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The collector's .deb installed, run, reinstalled, removed and purged by the real dpkg, in a
 * throwaway root: this machine's root file system seen through an overlay whose upper layer is a
 * temporary directory, mounted in a private mount namespace (unshare) and entered with chroot. The
 * maintainer scripts run for real (adduser, dpkg-statoverride, deb-systemd-helper) and change only
 * the upper layer; the installed launcher runs from that root as the memfleet user with the unit's
 * capabilities and publishes to a real broker. There is no systemd: a stand-in {@code systemctl}
 * records the calls made to a running systemd and passes offline ones ({@code --root=}) to the real
 * systemctl. Needs root, unshare and overlayfs, and a Java 17 runtime installed as a Debian package
 * (the package's Depends).
 */
@WithKafka
@TestMethodOrder(OrderAnnotation.class)
class DebInstallIT {

    private static final String UNIT = "memfleet-collector.service";
    private static final String CONFIG = "/etc/memfleet/collector.properties";
    private static final String STATE_DIR = "/var/lib/memfleet-collector";
    private static final String SYSTEMCTL_LOG = "/tmp/systemctl.log";

    /** Mounts the overlay at DIR/root with DIR/upper over /, binds /proc and /dev, chroots into it. */
    private static final String ENTER_ROOT = """
            dir="$1"; shift
            mount -t overlay overlay -o "lowerdir=/,upperdir=$dir/upper,workdir=$dir/work" "$dir/root"
            mount --bind /proc "$dir/root/proc"
            mount --bind /dev "$dir/root/dev"
            exec chroot "$dir/root" "$@"
            """;

    /** Logs each call; offline calls go to the real systemctl, so enabling still makes its links. */
    private static final String FAKE_SYSTEMCTL = """
            #!/bin/sh
            echo "$*" >> %s
            case " $* " in
              *" --root="*) exec /usr/local/lib/systemctl.real "$@" ;;
              *" is-enabled "*) echo enabled ;;
            esac
            exit 0
            """.formatted(SYSTEMCTL_LOG);

    @TempDir
    static Path dir;
    static Path upper;
    static boolean installed;

    @BeforeAll
    static void makeThrowawayRoot() throws IOException {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "dpkg, unshare and chroot need root");
        upper = dir.resolve("upper");
        for (String d : List.of("upper/tmp", "upper/usr/bin", "upper/usr/local/lib", "work", "root")) {
            Files.createDirectories(dir.resolve(d));
        }
        Commands.run("chmod", "1777", upper.resolve("tmp").toString()).orFail();
        Files.copy(DebContentsIT.deb(), upper.resolve("tmp/memfleet-collector.deb"));
        Files.copy(Path.of("/usr/bin/systemctl"), upper.resolve("usr/local/lib/systemctl.real"),
                StandardCopyOption.COPY_ATTRIBUTES);
        Path fake = upper.resolve("usr/bin/systemctl");
        Files.writeString(fake, FAKE_SYSTEMCTL);
        assertThat(fake.toFile().setExecutable(true, false)).isTrue();
        // The package's paths as on a machine that never had it, except a spool left by a collector
        // run by hand as root (root-owned), as this machine's tests and benchmarks leave one.
        inRoot("sh", "-c", "rm -rf /etc/memfleet /opt/memfleet " + STATE_DIR
                + " /etc/systemd/system/" + UNIT + "* /etc/systemd/system/*.wants/" + UNIT
                + " && install -d -m 0755 " + STATE_DIR + "/spool && touch " + STATE_DIR + "/spool/lock"
                + " && ln -s /etc/shadow " + STATE_DIR + "/spool/shadow").orFail();
        assertThat(Commands.run("dpkg-query", "--show", "--showformat=${Status}", "openjdk-17-jre-headless").output())
                .as("the package depends on a Java 17 runtime; this machine's must come from Debian's "
                        + "openjdk-17-jre-headless (script/setup installs it)")
                .isEqualTo("install ok installed");
    }

    /** Runs the command inside the throwaway root. */
    private static Commands.Result inRoot(String... command) {
        List<String> full = new ArrayList<>(List.of("unshare", "--mount", "--propagation", "private",
                "sh", "-euc", ENTER_ROOT, "sh", dir.toString()));
        full.addAll(List.of(command));
        return Commands.run(full, Map.of("DEBIAN_FRONTEND", "noninteractive"), null);
    }

    private static boolean existsInRoot(String path) {
        return inRoot("test", "-e", path).exit() == 0;
    }

    /** The calls the maintainer scripts made to systemctl since the last call, and forget them. */
    private static List<String> systemctlCalls() throws IOException {
        Path log = upper.resolve(SYSTEMCTL_LOG.substring(1));
        if (!Files.exists(log)) {
            return List.of();
        }
        List<String> calls = Files.readAllLines(log);
        Files.delete(log);
        return calls;
    }

    /** The memfleet line of the root's /etc/passwd or /etc/group, split at ':'. */
    private static String[] entry(String file) throws IOException {
        return Files.readAllLines(upper.resolve("etc/" + file)).stream()
                .filter(line -> line.startsWith("memfleet:")).findFirst()
                .map(line -> line.split(":", -1))
                .orElseThrow(() -> new AssertionError("no memfleet in the throwaway root's /etc/" + file));
    }

    private static int unix(Path file, String attribute) throws IOException {
        return (Integer) Files.getAttribute(file, "unix:" + attribute);
    }

    @Test
    @Order(1)
    @Timeout(120)
    void shouldInstallTheUserTheConfigurationAndTheStateDirectoryAndEnableTheUnit() throws IOException {
        Commands.Result install = inRoot("dpkg", "--install", "/tmp/memfleet-collector.deb").orFail();

        assertThat(inRoot("dpkg-query", "--show", "--showformat=${Status}", "memfleet-collector").output())
                .isEqualTo("install ok installed");
        assertThat(install.output()).as("postinst's hint: the default configuration names example brokers")
                .contains("set bootstrap.servers in " + CONFIG);

        // The user: a system user as deploy/sysusers.d/memfleet.conf describes it, with its own group.
        String[] user = entry("passwd");
        String sysusers = Files.readString(DebContentsIT.DEPLOY.resolve("sysusers.d/memfleet.conf"));
        int uid = Integer.parseInt(user[2]);
        int gid = Integer.parseInt(entry("group")[2]);
        assertThat(uid).as("a system uid").isBetween(1, 999);
        assertThat(Integer.parseInt(user[3])).isEqualTo(gid);
        assertThat(sysusers).contains("u memfleet - \"" + user[4].split(",")[0] + "\" " + user[5] + " " + user[6]);

        Path config = upper.resolve(CONFIG.substring(1));
        assertThat(List.of(unix(config, "uid"), unix(config, "gid"), unix(config, "mode") & 07777))
                .as("root:memfleet 0640").containsExactly(0, gid, 0640);
        Path state = upper.resolve(STATE_DIR.substring(1));
        assertThat(List.of(unix(state, "uid"), unix(state, "gid"), unix(state, "mode") & 07777))
                .as("memfleet:memfleet 0700").containsExactly(uid, gid, 0700);
        Path spool = state.resolve("spool");
        for (Path left : List.of(spool, spool.resolve("lock"))) {
            assertThat(List.of(unix(left, "uid"), unix(left, "gid"))).as("%s, left by a root run, repaired", left)
                    .containsExactly(uid, gid);
        }
        assertThat(inRoot("stat", "--format=%U", "/etc/shadow").output().strip())
                .as("a link in the state directory is not followed").isEqualTo("root");
        Path wants = upper.resolve("etc/systemd/system/multi-user.target.wants/" + UNIT);
        assertThat(Files.readSymbolicLink(wants).toString()).endsWith("/systemd/system/" + UNIT);
        assertThat(systemctlCalls()).as("no systemd runs here: only offline calls")
                .isNotEmpty().allMatch(call -> call.contains("--root="));
        installed = true;
    }

    @Test
    @Order(2)
    @Timeout(180)
    void shouldRunTheInstalledLauncherAsTheServiceUserAndPublishToKafka(TestKafka kafka) throws Exception {
        Assumptions.assumeTrue(installed, "the package did not install");
        kafka.ensureTopic(Topics.SAMPLES, 3);
        Path config = upper.resolve(CONFIG.substring(1));
        Files.writeString(config, Files.readString(config).replaceFirst("(?m)^bootstrap\\.servers=.*$",
                "bootstrap.servers=" + kafka.bootstrapServers()));
        String hostId = "deb-" + UUID.randomUUID();

        // As the unit runs it: User=memfleet, AmbientCapabilities= and CapabilityBoundingSet=CAP_SYS_PTRACE,
        // NoNewPrivileges=, WorkingDirectory=, Environment=; the configuration is the installed one.
        inRoot("setpriv", "--reuid=memfleet", "--regid=memfleet", "--init-groups",
                "--inh-caps=-all,+sys_ptrace", "--ambient-caps=-all,+sys_ptrace", "--bounding-set=-all,+sys_ptrace",
                "--no-new-privs", "env", "-i", "--chdir=" + STATE_DIR, "PATH=/usr/bin:/bin", "MALLOC_ARENA_MAX=2",
                "/usr/bin/memfleet-collector", "--once", "--host-id", hostId).orFail();

        List<SampleRecord> records = readHost(kafka, hostId);
        assertThat(records).last().isInstanceOf(HostHeartbeat.class);
        assertThat(((HostHeartbeat) records.get(records.size() - 1)).processesSeen()).isPositive();
        assertThat(records).filteredOn(ProcessSample.class::isInstance).map(ProcessSample.class::cast)
                .as("this test's JVM, a root process: its maps are readable only with CAP_SYS_PTRACE")
                .filteredOn(sample -> sample.pid() == ProcessHandle.current().pid())
                .singleElement().satisfies(sample -> assertThat(sample.mapCount()).isPositive());
        Path spool = upper.resolve(STATE_DIR.substring(1) + "/spool");
        assertThat(unix(spool, "uid")).as("the spool, in the state directory").isEqualTo(unix(spool.getParent(), "uid"));
    }

    @Test
    @Order(3)
    @Timeout(120)
    void shouldKeepTheEditedConfigurationAndRestartTheServiceOnReinstallWhereSystemdRuns() throws IOException {
        Assumptions.assumeTrue(installed, "the package did not install");
        Path config = upper.resolve(CONFIG.substring(1));
        String edited = Files.readString(config).replaceFirst("(?m)^bootstrap\\.servers=.*$",
                "bootstrap.servers=kafka.internal:9092");
        Files.writeString(config, edited);
        Files.createDirectories(upper.resolve("run/systemd/system"));
        // This machine's policy-rc.d (a container image's) forbids starting services; a host's has none.
        Path policy = Files.createDirectories(upper.resolve("usr/sbin")).resolve("policy-rc.d");
        Files.writeString(policy, "#!/bin/sh\nexit 0\n");
        assertThat(policy.toFile().setExecutable(true, false)).isTrue();
        systemctlCalls();

        Commands.Result reinstall = inRoot("dpkg", "--install", "/tmp/memfleet-collector.deb").orFail();

        assertThat(config).hasContent(edited);
        assertThat(reinstall.output()).doesNotContain("set bootstrap.servers");
        assertThat(systemctlCalls()).contains("--system daemon-reload", "--quiet --system restart " + UNIT);
    }

    @Test
    @Order(4)
    @Timeout(120)
    void shouldStopOnRemoveAndLeaveOnlyTheUserAfterPurge() throws IOException {
        Assumptions.assumeTrue(installed, "the package did not install");
        systemctlCalls();

        inRoot("dpkg", "--remove", "memfleet-collector").orFail();

        assertThat(systemctlCalls()).contains("stop " + UNIT);
        assertThat(existsInRoot("/opt/memfleet/collector/memfleet-collector.jar")).isFalse();
        assertThat(existsInRoot("/usr/bin/memfleet-collector")).isFalse();
        assertThat(existsInRoot(CONFIG)).as("remove keeps the configuration").isTrue();
        assertThat(existsInRoot(STATE_DIR + "/spool")).as("and the spool").isTrue();

        inRoot("dpkg", "--purge", "memfleet-collector").orFail();

        for (String gone : List.of(CONFIG, "/etc/memfleet", STATE_DIR, "/etc/systemd/system/multi-user.target.wants/" + UNIT)) {
            assertThat(existsInRoot(gone)).as("%s after purge", gone).isFalse();
        }
        assertThat(inRoot("getent", "passwd", "memfleet").exit()).as("the user stays").isZero();
        assertThat(inRoot("dpkg-query", "--show", "memfleet-collector").exit()).isNotZero();
    }



    private static List<SampleRecord> readHost(TestKafka kafka, String hostId) throws Exception {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        RecordCodec codec = new RecordCodec();
        List<SampleRecord> mine = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.SAMPLES));
            long deadline = System.currentTimeMillis() + 30_000;
            while (System.currentTimeMillis() < deadline
                    && (mine.isEmpty() || !(mine.get(mine.size() - 1) instanceof HostHeartbeat))) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (hostId.equals(record.key())) {
                        mine.add(codec.decodeSample(record.value(), null));
                    }
                }
            }
        }
        return mine;
    }
}
