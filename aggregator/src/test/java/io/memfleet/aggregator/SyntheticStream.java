package io.memfleet.aggregator;

import io.memfleet.schema.HostHeartbeat;
import io.memfleet.schema.Mapping;
import io.memfleet.schema.ProcessSample;
import io.memfleet.schema.SampleRecord;
import io.memfleet.schema.codec.WireFormat;
import io.memfleet.schema.kafka.SampleRecordSerde;
import io.memfleet.schema.kafka.Topics;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Synthetic hosts publishing a pass every {@code intervalMs} in real time, as collectors would, from
 * a thread of its own: per host, processes {@code pid 10, 11, …} and a closing heartbeat, {@code seq}
 * contiguous from 1. Every value is a function of (process, pass), so a test can say exactly what the
 * history must hold. Process 10 of every host executes from a memfd for a while every ten passes
 * (the list with the memfd at pass 3 of each ten, without it at pass 6): one FILELESS_EXEC episode,
 * FIRING then RESOLVED, each at its own address so every episode has its own anomaly ids.
 */
final class SyntheticStream implements AutoCloseable {

    static final int FIRST_PID = 10;
    static final int ANOMALY_PID = FIRST_PID;

    private final List<String> hostIds;
    private final int processes;
    private final long intervalMs;
    private final long start;
    private final KafkaProducer<String, SampleRecord> producer;
    private final AtomicInteger passes = new AtomicInteger();
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private final Thread thread;
    private volatile boolean running = true;

    SyntheticStream(String bootstrapServers, List<String> hostIds, int processes, long intervalMs) {
        this.hostIds = List.copyOf(hostIds);
        this.processes = processes;
        this.intervalMs = intervalMs;
        this.start = System.currentTimeMillis();
        Map<String, Object> settings = new HashMap<>();
        settings.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        settings.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        this.producer = new KafkaProducer<>(settings, new StringSerializer(),
                new SampleRecordSerde(WireFormat.JSON).serializer());
        this.thread = new Thread(this::run, "synthetic-stream");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        int pass = 0;
        while (running) {
            long due = start + pass * intervalMs;
            long wait = due - System.currentTimeMillis();
            if (wait > 0) {
                try {
                    Thread.sleep(wait);
                } catch (InterruptedException e) {
                    return;
                }
            }
            for (String hostId : hostIds) {
                for (SampleRecord record : pass(hostId, pass)) {
                    producer.send(new ProducerRecord<>(Topics.SAMPLES, null, sampledAt(pass), hostId, record),
                            (metadata, e) -> {
                                if (e != null) {
                                    failure.compareAndSet(null, e);
                                }
                            });
                }
            }
            passes.set(++pass);
        }
    }

    /** Passes sent so far to every host (0 … passes-1). */
    int passes() {
        return passes.get();
    }

    long start() {
        return start;
    }

    long sampledAt(int pass) {
        return start + pass * intervalMs;
    }

    /** The last {@code seq} of each host after {@code passes} passes. */
    long lastSeq(int passes) {
        return (long) passes * (processes + 1);
    }

    static long vmRssKb(int pid, int pass) {
        return 1_000L * pid + pass;
    }

    /** FILELESS_EXEC episodes that began (FIRING) among passes 0 … passes-1, per host. */
    static int firings(int passes) {
        return (passes + 6) / 10; // passes 3, 13, 23, …
    }

    /** … and ended (RESOLVED). */
    static int resolutions(int passes) {
        return (passes + 3) / 10; // passes 6, 16, 26, …
    }

    /** Stops after the pass in progress and waits until Kafka took every record; returns the passes sent. */
    int stop() throws InterruptedException {
        running = false;
        thread.join(30_000);
        producer.flush();
        Exception failed = failure.get();
        if (failed != null) {
            throw new IllegalStateException("Kafka did not take a record: " + failed, failed);
        }
        return passes.get();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(30_000);
        producer.close();
    }

    private List<SampleRecord> pass(String hostId, int pass) {
        List<SampleRecord> out = new ArrayList<>(processes + 1);
        long seq = (long) pass * (processes + 1);
        long at = sampledAt(pass);
        for (int i = 0; i < processes; i++) {
            int pid = FIRST_PID + i;
            int listedAt = pid == ANOMALY_PID ? lastListPass(pass) : 0;
            List<Mapping> mappings = listedAt == pass ? mappings(pid, pass) : null;
            out.add(new ProcessSample("stream-run", ++seq, hostId, "boot", pid, 100L + pid, 1, "app" + i, 1000, "S", 1,
                    at, null, null, null, null, null, vmRssKb(pid, pass), null, null, null, null, null, null, null,
                    null, null, 3, "d" + listedAt, mappings, null, null));
        }
        out.add(new HostHeartbeat("stream-run", ++seq, hostId, hostId + ".example", "boot", "test", at, intervalMs,
                processes, 0, 0, 0, 1, 0, 0, 0, 0, null));
        return out;
    }

    /** The pass whose full list is the current one: 0, or the last pass 3 or 6 of a ten. */
    private static int lastListPass(int pass) {
        int tens = pass / 10 * 10;
        int inTen = pass % 10;
        if (inTen >= 6) {
            return tens + 6;
        }
        if (inTen >= 3) {
            return tens + 3;
        }
        return tens == 0 ? 0 : tens - 4;
    }

    private static List<Mapping> mappings(int pid, int pass) {
        List<Mapping> list = new ArrayList<>(List.of(
                Mapping.of(0x400000, 0x401000, "r-xp", 0, "fd:01", 7, "/usr/bin/app"),
                Mapping.of(0x1000000, 0x1021000, "rw-p", 0, "00:00", 0, "[heap]"),
                Mapping.of(0x7ffc00000000L, 0x7ffc00021000L, "rw-p", 0, "00:00", 0, "[stack]")));
        if (pid == ANOMALY_PID && pass % 10 == 3) {
            long at = 0x7f0000000000L + pass * 0x10000L;
            list.add(2, Mapping.of(at, at + 0x2000, "r-xp", 0, "00:01", 5_000 + pass, "/memfd:payload (deleted)"));
        }
        return list;
    }
}
