package io.memfleet.collector;

import io.memfleet.collector.metrics.CollectorMetrics;
import io.memfleet.collector.procfs.ProcfsException;
import io.memfleet.collector.procfs.ProcfsReader;
import io.memfleet.collector.publish.PublishException;
import io.memfleet.collector.publish.SamplePublisher;
import io.memfleet.collector.publish.Spool;
import io.memfleet.collector.sample.BuildIdCache;
import io.memfleet.collector.sample.CgroupMemoryLimits;
import io.memfleet.collector.sample.CmdlineReader;
import io.memfleet.collector.sample.CmdlineRedactor;
import io.memfleet.collector.sample.HostIdentity;
import io.memfleet.collector.sample.PassSummary;
import io.memfleet.collector.sample.MappingListSplitter;
import io.memfleet.collector.sample.PassSampler;
import io.memfleet.collector.sample.ProcessIdentityReader;
import io.memfleet.common.metrics.MetricsServer;
import io.memfleet.schema.HostHeartbeat;
import java.io.IOException;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The collector: samples procfs every {@code interval.ms} and publishes what it read. One pass at a
 * time on one scheduler thread; a pass that fails is logged and the next one runs on schedule.
 */
public final class Collector implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Collector.class);
    private static final long SUMMARY_EVERY_MS = 60_000;
    /** How long {@code --once} waits for Kafka to acknowledge its pass. */
    private static final Duration ONCE_DELIVERY_TIMEOUT = Duration.ofSeconds(60);
    /** How long a SIGTERM waits for the spool to drain; what is left is sent by the next run. */
    private static final Duration SHUTDOWN_DRAIN_TIMEOUT = Duration.ofSeconds(20);

    private final CollectorConfig config;
    private final HostIdentity host;
    private final String runId = UUID.randomUUID().toString();
    /** Numbers every record of this run. */
    private final AtomicLong sequence = new AtomicLong();
    private final CountDownLatch fatal = new CountDownLatch(1);
    private volatile String fatalReason;
    private final PassSampler sampler;
    private final SamplePublisher publisher;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "memfleet-collector");
        thread.setDaemon(true);
        return thread;
    });
    /** Null unless metrics.port is set: then made by {@link #start()}, before the first pass. */
    private volatile CollectorMetrics metrics;
    private MetricsServer metricsServer;
    private volatile long lastSummaryAt;
    private volatile long lastPassCompletedAt;
    private boolean closed;

    public Collector(CollectorConfig config) {
        this(config, System::currentTimeMillis);
    }

    /**
     * A collector whose records are dated by {@code clock}, epoch ms: tests give it a wrong one, as a
     * host with a dead RTC battery or a bad NTP source has.
     */
    public Collector(CollectorConfig config, LongSupplier clock) {
        this.config = config;
        ProcfsReader reader = new ProcfsReader(config.procRoot());
        try {
            this.host = new HostIdentity(HostIdentity.resolveHostId(config.hostIdOverride(), config.machineIdFile()),
                    reader.bootId(), reader.hostname());
        } catch (ProcfsException e) {
            throw new IllegalStateException("cannot read the boot id and hostname under " + config.procRoot() + ": " + e,
                    e);
        }
        CmdlineRedactor redactor = config.cmdlineRedactor();
        this.sampler = new PassSampler(reader, host, runId, config.resyncInterval(), clock,
                sequence, config.processFilter(), redactor == null ? null : new CmdlineReader(config.procRoot(), redactor),
                new CgroupMemoryLimits(config.procRoot(), config.cgroupRoot()), new MappingListSplitter(config.format()),
                new ProcessIdentityReader(config.procRoot(), new BuildIdCache()));
        Spool spool;
        try {
            spool = new Spool(config.spoolDir(), config.spoolMaxBytes());
        } catch (IOException e) {
            throw new IllegalStateException("cannot open the spool (spool.dir=" + config.spoolDir() + "): " + e.getMessage(),
                    e);
        }
        this.publisher = new SamplePublisher(SamplePublisher.producerConfig(String.join(",", config.bootstrapServers()),
                "memfleet-collector-" + host.hostId(), config.producerOverrides()), config.format(), spool,
                this::deliveryStopped);
        LOG.info("Collector {} for host {} ({}), boot {}, run {}: sampling {} every {} ms, publishing {} to {} "
                        + "through spool {} (max {} bytes)", version(), host.hostId(), host.hostname(), host.bootId(),
                runId, config.procRoot(), config.interval().toMillis(), config.format(), config.bootstrapServers(),
                config.spoolDir(), config.spoolMaxBytes());
    }

    public HostIdentity host() {
        return host;
    }

    public String runId() {
        return runId;
    }

    /**
     * One pass and a flush: what {@code --once} runs. Fails with a {@link PublishException} naming
     * the brokers if Kafka cannot be reached or did not acknowledge every record.
     */
    public PassSummary runOnce() throws InterruptedException {
        publisher.awaitTopic();
        PassSummary pass = runPass();
        if (!publisher.flush(ONCE_DELIVERY_TIMEOUT)) {
            if (publisher.fatalFailure() != null) {
                throw new PublishException(publisher.fatalFailure(), publisher.lastFailure());
            }
            throw new PublishException(publisher.pending() + " records were not acknowledged by Kafka at "
                    + config.bootstrapServers() + " within " + ONCE_DELIVERY_TIMEOUT.toSeconds() + " s ("
                    + publisher.lastFailure() + "); they stay in spool " + config.spoolDir() + " for the next run",
                    publisher.lastFailure());
        }
        return pass;
    }

    /** Samples every process and sends the records and a closing heartbeat. */
    public PassSummary runPass() {
        // Streamed: each record is serialized into the spool as it is made, so a pass holds one
        // process's mapping list at a time, not the whole host's.
        PassSummary pass = sampler.sample(publisher::send);
        HostHeartbeat heartbeat = sampler.heartbeat(pass, config.interval().toMillis(), version(),
                publisher.acknowledged(), publisher.acknowledgedBytes(), publisher.dropped(), publisher.spoolBytes());
        publisher.send(heartbeat);
        lastPassCompletedAt = System.currentTimeMillis();
        CollectorMetrics passMetrics = metrics;
        if (passMetrics != null) {
            passMetrics.passCompleted(pass, heartbeat.passDurationMs(), lastPassCompletedAt);
        }
        logSummary(pass, heartbeat);
        return pass;
    }

    /**
     * Starts sampling on schedule, the first pass now, and serves metrics if {@code metrics.port} is
     * set. Fails if the metrics port cannot be bound.
     */
    public synchronized void start() {
        if (config.metricsPort() != 0) {
            // Only here are the metrics classes, and with them the Prometheus client, ever loaded.
            metrics = CollectorMetrics.create(publisher, config.spoolMaxBytes(), version(), host.hostId());
            metricsServer = metrics.serve(config.metricsHost(), config.metricsPort());
        }
        long intervalMs = config.interval().toMillis();
        scheduler.scheduleAtFixedRate(this::runPassSafely, 0, intervalMs, TimeUnit.MILLISECONDS);
    }

    /** What the publisher has delivered, spooled and dropped so far. */
    public SamplePublisher publisherStats() {
        return publisher;
    }

    /** Where metrics are served ({@code http://host:port/metrics}), or null when they are off. */
    public synchronized String metricsUrl() {
        return metricsServer == null ? null : metricsServer.url();
    }

    /** The {@code seq} of the last record this run produced. */
    public long lastSeq() {
        return sequence.get();
    }

    /** Stops scheduling passes and waits for a running one to finish; records already produced are still delivered. */
    public void stopSampling() {
        scheduler.shutdown();
        try {
            if (!scheduler.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.warn("A sampling pass did not finish within 30 s of shutdown");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** When the last pass finished, epoch ms; 0 before the first. A stalled loop shows here. */
    public long lastPassCompletedAt() {
        return lastPassCompletedAt;
    }

    private void runPassSafely() {
        try {
            runPass();
        } catch (RuntimeException e) {
            // A throwing task would silently cancel the schedule: log and let the next pass try again.
            LOG.error("Sampling pass failed; the next pass runs on schedule", e);
        } catch (Error e) {
            // Out of memory, say: this JVM cannot be trusted to sample any more. Say so, and let the
            // command exit non-zero so systemd restarts it, instead of idling with no passes.
            LOG.error("Sampling stopped by a fatal error; the collector exits", e);
            fatalReason = "sampling stopped by a fatal error: " + e;
            fatal.countDown();
            throw e;
        }
    }

    /** Kafka refused the credentials or rights: no pass can be delivered, so the collector stops. */
    private void deliveryStopped(String line) {
        fatalReason = line;
        fatal.countDown();
    }

    /** Why the collector stopped for good (one line), or null. */
    public String fatalReason() {
        return fatalReason;
    }

    /** Waits until a pass failed fatally; true if it did within the timeout. */
    public boolean awaitFatal(long timeout, TimeUnit unit) throws InterruptedException {
        return fatal.await(timeout, unit);
    }

    private void logSummary(PassSummary pass, HostHeartbeat heartbeat) {
        long now = System.currentTimeMillis();
        String line = "Pass: {} processes sampled, {} unreadable, {} exited mid-read, {} malformed; {} records in {} ms; "
                + "{} acknowledged by Kafka so far, {} waiting in the spool, {} dropped";
        Object[] args = {pass.processesSeen(), pass.processesUnreadable(), pass.processesVanished(),
                pass.processesMalformed(), pass.records() + 1, heartbeat.passDurationMs(),
                publisher.acknowledged(), publisher.pending(), publisher.dropped()};
        if (now - lastSummaryAt >= SUMMARY_EVERY_MS) {
            lastSummaryAt = now;
            LOG.info(line, args);
        } else {
            LOG.debug(line, args);
        }
    }

    /** Stops sampling, waits for a running pass, flushes what is in flight, closes. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        stopSampling();
        publisher.close(SHUTDOWN_DRAIN_TIMEOUT);
        if (metricsServer != null) {
            metricsServer.close(); // last: the drain above can still be watched
        }
        LOG.info("Collector stopped: {} records acknowledged, {} left in the spool, {} dropped",
                publisher.acknowledged(), publisher.pending(), publisher.dropped());
    }

    public static String version() {
        String version = Collector.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }
}
