package io.memfleet.broker;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.metadata.storage.Formatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A single-node Kafka cluster (one KRaft process that is both broker and controller), run inside
 * this JVM from Apache Kafka's own server classes. Listens on 127.0.0.1 only.
 *
 * <p>{@link #stop()} and {@link #restart()} keep the data directory and both ports, so clients see
 * the very same broker go away and come back. {@link #close()} stops it for good and deletes the
 * data directory if this object created it.
 *
 * <p>With {@link Options#withScramUser} it also has a {@code SASL_PLAINTEXT} listener that accepts
 * SCRAM-SHA-512 and knows that one user ({@link #saslBootstrapServers()}); the plain listener stays,
 * for the broker itself and for tests that set things up. Without an authorizer, any authenticated
 * user may do anything: this tests authentication, not ACLs.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
    private static final String HOST = "127.0.0.1";
    private static final int NODE_ID = 1;
    private static final String BROKER_LISTENER = "BROKER";
    private static final String CONTROLLER_LISTENER = "CONTROLLER";
    private static final String SASL_LISTENER = "SASL";
    /** The SASL mechanism of the SASL listener. */
    public static final String SCRAM_MECHANISM = "SCRAM-SHA-512";

    private final Path dataDir;
    private final boolean ownsDataDir;
    private final int brokerPort;
    private final int saslPort;
    private final ScramUser scramUser;
    private final Duration startTimeout;
    private final KafkaConfig config;
    private KafkaRaftServer server;
    private boolean closed;

    /** How to start the broker; {@link #defaults()} gives a temp dir, free ports and a 60 s start timeout. */
    public record Options(Path dataDir, int brokerPort, Duration startTimeout, ScramUser scramUser) {
        public Options {
            if (brokerPort < 0 || brokerPort > 65535) {
                throw new IllegalArgumentException("broker port must be 0 (any free port) to 65535, got " + brokerPort);
            }
            if (startTimeout == null || startTimeout.isNegative() || startTimeout.isZero()) {
                throw new IllegalArgumentException("start timeout must be positive, got " + startTimeout);
            }
        }

        public static Options defaults() {
            return new Options(null, 0, Duration.ofSeconds(60), null);
        }

        /** Keep the data here (formatted on first use, reused after); it is never deleted. */
        public Options withDataDir(Path dir) {
            return new Options(dir, brokerPort, startTimeout, scramUser);
        }

        /** The client port; 0 picks a free one. */
        public Options withBrokerPort(int port) {
            return new Options(dataDir, port, startTimeout, scramUser);
        }

        public Options withStartTimeout(Duration timeout) {
            return new Options(dataDir, brokerPort, timeout, scramUser);
        }

        /**
         * Adds a SASL_PLAINTEXT listener (SCRAM-SHA-512) on a free port that knows this one user. The
         * credential is written when the data directory is formatted, so it is there before the
         * first client connects; a data directory formatted earlier keeps the users it had.
         */
        public Options withScramUser(String name, String password) {
            return new Options(dataDir, brokerPort, startTimeout, new ScramUser(name, password));
        }
    }

    /** A SCRAM user the broker knows from its first start. */
    public record ScramUser(String name, String password) {
        public ScramUser {
            if (name == null || !name.matches("[A-Za-z0-9._-]+") || password == null
                    || password.isEmpty() || password.contains("\"") || password.contains("\\")) {
                throw new IllegalArgumentException("a SCRAM user needs a name of A-Z a-z 0-9 . _ - and a non-empty "
                        + "password without quotes or backslashes");
            }
        }

        /** The client's {@code sasl.jaas.config} for this user. */
        public String jaasConfig() {
            return jaasConfig(name, password);
        }

        /** The client's {@code sasl.jaas.config} for any user and password (a wrong one, say). */
        public static String jaasConfig(String name, String password) {
            return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + name
                    + "\" password=\"" + password + "\";";
        }
    }

    private EmbeddedKafkaBroker(Path dataDir, boolean ownsDataDir, int brokerPort, int controllerPort, int saslPort,
                                ScramUser scramUser, Duration startTimeout) {
        this.dataDir = dataDir;
        this.ownsDataDir = ownsDataDir;
        this.brokerPort = brokerPort;
        this.saslPort = saslPort;
        this.scramUser = scramUser;
        this.startTimeout = startTimeout;
        this.config = new KafkaConfig(settings(dataDir, brokerPort, controllerPort, saslPort, startTimeout), false);
    }

    /** Starts a broker with {@link Options#defaults()}. */
    public static EmbeddedKafkaBroker start() {
        return start(Options.defaults());
    }

    /**
     * Formats the data directory if it is not formatted yet, starts the broker and returns once it
     * answers clients.
     *
     * @throws IllegalStateException if it is not ready within the start timeout or fails to start
     */
    public static EmbeddedKafkaBroker start(Options options) {
        long startedAt = System.nanoTime();
        boolean owns = options.dataDir() == null;
        Path dir;
        try {
            dir = owns ? Files.createTempDirectory("memfleet-kafka-") : Files.createDirectories(options.dataDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the Kafka data directory " + options.dataDir(), e);
        }
        int brokerPort = options.brokerPort() == 0 ? freePort() : options.brokerPort();
        int saslPort = options.scramUser() == null ? 0 : freePort();
        EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(dir, owns, brokerPort, freePort(), saslPort,
                options.scramUser(), options.startTimeout());
        try {
            broker.formatIfNeeded();
            broker.startServer(startedAt);
            return broker;
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
    }

    /** "127.0.0.1:PORT", stable across {@link #stop()} and {@link #restart()}. */
    public String bootstrapServers() {
        return HOST + ":" + brokerPort;
    }

    /**
     * "127.0.0.1:PORT" of the SASL_PLAINTEXT (SCRAM-SHA-512) listener, stable across restarts.
     *
     * @throws IllegalStateException if the broker was started without {@link Options#withScramUser}
     */
    public String saslBootstrapServers() {
        if (saslPort == 0) {
            throw new IllegalStateException("this broker has no SASL listener: start it with Options.withScramUser");
        }
        return HOST + ":" + saslPort;
    }

    /** The user of the SASL listener, or null. */
    public ScramUser scramUser() {
        return scramUser;
    }

    /** Where the broker keeps its logs and metadata. */
    public Path dataDir() {
        return dataDir;
    }

    public synchronized boolean isRunning() {
        return server != null;
    }

    /** Shuts the broker down, keeping its data and port for {@link #restart()}. Does nothing if stopped. */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        long startedAt = System.nanoTime();
        server.shutdown();
        server.awaitShutdown();
        server = null;
        log.info("Kafka broker at {} stopped in {} ms", bootstrapServers(), millisSince(startedAt));
    }

    /** Stops the broker if it runs, then starts it again on the same port and data. */
    public synchronized void restart() {
        if (closed) {
            throw new IllegalStateException("Kafka broker at " + bootstrapServers() + " is closed");
        }
        stop();
        startServer(System.nanoTime());
    }

    /** Stops the broker and deletes the data directory if it was a temp dir made by {@link #start}. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        stop();
        if (ownsDataDir) {
            try {
                Utils.delete(dataDir.toFile());
            } catch (IOException e) {
                log.warn("Could not delete the Kafka data directory {}", dataDir, e);
            }
        }
    }

    /** The broker's settings; package-private so a unit test can check Kafka knows every key. */
    static Map<String, String> settings(Path dataDir, int brokerPort, int controllerPort, int saslPort,
                                        Duration startTimeout) {
        Map<String, String> s = new TreeMap<>();
        s.put("process.roles", "broker,controller");
        s.put("node.id", String.valueOf(NODE_ID));
        // A static one-voter quorum: no dynamic-quorum bootstrapping to format or wait for.
        s.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
        String sasl = saslPort == 0 ? "" : "," + SASL_LISTENER + "://" + HOST + ":" + saslPort;
        s.put("listeners", BROKER_LISTENER + "://" + HOST + ":" + brokerPort + ","
                + CONTROLLER_LISTENER + "://" + HOST + ":" + controllerPort + sasl);
        s.put("advertised.listeners", BROKER_LISTENER + "://" + HOST + ":" + brokerPort + sasl);
        s.put("listener.security.protocol.map", BROKER_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT"
                + (saslPort == 0 ? "" : "," + SASL_LISTENER + ":SASL_PLAINTEXT"));
        if (saslPort != 0) {
            s.put("sasl.enabled.mechanisms", SCRAM_MECHANISM);
            // The broker side of SCRAM needs a login module but no options: users live in the metadata log.
            s.put("listener.name." + SASL_LISTENER.toLowerCase(java.util.Locale.ROOT) + "."
                    + SCRAM_MECHANISM.toLowerCase(java.util.Locale.ROOT) + ".sasl.jaas.config",
                    "org.apache.kafka.common.security.scram.ScramLoginModule required;");
        }
        s.put("inter.broker.listener.name", BROKER_LISTENER);
        s.put("controller.listener.names", CONTROLLER_LISTENER);
        s.put("log.dirs", dataDir.toString());
        s.put("metadata.log.dir", dataDir.toString());
        // Startup fails instead of hanging forever (Kafka's default is no limit).
        s.put("server.max.startup.time.ms", String.valueOf(startTimeout.toMillis()));

        // One node: every internal topic has one replica, and one in-sync replica is enough.
        s.put("offsets.topic.replication.factor", "1");
        s.put("transaction.state.log.replication.factor", "1");
        s.put("transaction.state.log.min.isr", "1");
        s.put("share.coordinator.state.topic.replication.factor", "1");
        s.put("share.coordinator.state.topic.min.isr", "1");
        s.put("default.replication.factor", "1");
        s.put("min.insync.replicas", "1");
        // Fewer internal partitions than the default 50: each one costs files and startup time on first use.
        s.put("offsets.topic.num.partitions", "5");
        s.put("transaction.state.log.num.partitions", "5");
        s.put("share.coordinator.state.topic.num.partitions", "5");

        // Groups form at once instead of waiting 3 s for more members.
        s.put("group.initial.rebalance.delay.ms", "0");
        s.put("group.streams.initial.rebalance.delay.ms", "0");
        // Topics exist only when someone created them: a typo must fail, not silently make a new topic.
        s.put("auto.create.topics.enable", "false");
        // The log cleaner reserves this much heap up front (default 128 MiB); a test broker needs little.
        s.put("log.cleaner.dedupe.buffer.size", String.valueOf(2 * 1024 * 1024));
        // Each segment's index files are preallocated (and mmapped) at this size; the default is 10 MiB.
        s.put("log.index.size.max.bytes", String.valueOf(1024 * 1024));
        return s;
    }

    private void formatIfNeeded() {
        if (Files.exists(dataDir.resolve("meta.properties"))) {
            log.debug("Kafka data directory {} is already formatted; reusing it", dataDir);
            return;
        }
        try {
            Formatter formatter = new Formatter();
            if (scramUser != null) {
                // As kafka-storage format --add-scram: the credential is in the bootstrap metadata.
                formatter.setScramArguments(java.util.List.of(SCRAM_MECHANISM + "=[name=" + scramUser.name()
                        + ",password=\"" + scramUser.password() + "\"]"));
            }
            formatter
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setNodeId(NODE_ID)
                    .setClusterId(Uuid.randomUuid().toString())
                    .addDirectory(dataDir.toString())
                    .setMetadataLogDirectory(dataDir.toString())
                    .setControllerListenerName(CONTROLLER_LISTENER)
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("cannot format the Kafka data directory " + dataDir, e);
        }
    }

    private void startServer(long startedAt) {
        KafkaRaftServer starting = new KafkaRaftServer(config, Time.SYSTEM);
        try {
            starting.startup();
            awaitReady(startedAt);
        } catch (Exception e) {
            try {
                starting.shutdown();
                starting.awaitShutdown();
            } catch (Exception suppressed) {
                e.addSuppressed(suppressed);
            }
            throw new IllegalStateException("Kafka broker at " + bootstrapServers() + " (data " + dataDir
                    + ") failed to start: " + e.getMessage(), e);
        }
        server = starting;
        log.info("Kafka broker ready at {} in {} ms (data {})", bootstrapServers(), millisSince(startedAt), dataDir);
    }

    /** startup() returns once the broker is unfenced; this proves a client can really talk to it. */
    private void awaitReady(long startedAt) {
        int remainingMs = (int) Math.min(Integer.MAX_VALUE, Math.max(1, startTimeout.toMillis() - millisSince(startedAt)));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs(remainingMs))
                    .nodes().get(remainingMs, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the broker", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("no answer to describeCluster within the start timeout of "
                    + startTimeout.toMillis() + " ms", e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port on " + HOST, e);
        }
    }

    private static long millisSince(long nanoTime) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanoTime);
    }
}
