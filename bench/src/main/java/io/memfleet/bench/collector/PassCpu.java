package io.memfleet.bench.collector;

import io.memfleet.collector.procfs.ProcfsException;
import io.memfleet.collector.procfs.ProcfsReader;
import io.memfleet.collector.sample.HostIdentity;
import io.memfleet.collector.sample.PassSummary;
import io.memfleet.collector.sample.PassSampler;
import io.memfleet.schema.HostHeartbeat;
import io.memfleet.schema.codec.RecordCodec;
import io.memfleet.schema.codec.WireFormat;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One collector pass as the collector runs it — {@link ProcfsReader} and {@link PassSampler} over
 * the real /proc, every record encoded with {@link RecordCodec} — and the CPU it took.
 *
 * <p>Process CPU ({@code OperatingSystemMXBean#getProcessCpuTime}) counts every thread of this
 * JVM, so it includes the GC and the JIT compilers working during the pass; thread CPU counts only
 * the thread running the pass.
 */
final class PassCpu {

    /** CPU and wall time of one pass, nanoseconds, and what it produced. */
    record Measurement(long processCpuNanos, long threadCpuNanos, long wallNanos, int processes, int records,
                       long encodedBytes) {
    }

    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final RecordCodec codec = new RecordCodec();
    private final PassSampler sampler;
    private final WireFormat format;

    /**
     * @param resync 0: mappings are sent only when a digest changes, so after the first pass every
     *               pass is an unchanged one, the steady state
     */
    PassCpu(ProcfsReader reader, WireFormat format, Duration resync) throws ProcfsException {
        this.sampler = new PassSampler(reader, new HostIdentity("memfleet-bench", reader.bootId(), reader.hostname()),
                UUID.randomUUID().toString(), resync, System::currentTimeMillis, new AtomicLong());
        this.format = format;
    }

    static PassCpu forProc(WireFormat format) throws ProcfsException {
        return new PassCpu(new ProcfsReader(), format, Duration.ZERO);
    }

    Measurement pass() {
        long cpu0 = os.getProcessCpuTime();
        long thread0 = threads.getCurrentThreadCpuTime();
        long wall0 = System.nanoTime();
        // Streamed and encoded record by record, as the collector does.
        long[] bytes = {0};
        PassSummary pass = sampler.sample(record -> bytes[0] += codec.encode((Record) record, format).length);
        HostHeartbeat heartbeat = sampler.heartbeat(pass, 10_000, "bench", 0, 0, 0, 0);
        bytes[0] += codec.encode(heartbeat, format).length;
        long wall = System.nanoTime() - wall0;
        long thread = threads.getCurrentThreadCpuTime() - thread0;
        long cpu = os.getProcessCpuTime() - cpu0;
        return new Measurement(cpu, thread, wall, pass.processesSeen(), pass.records() + 1, bytes[0]);
    }
}
