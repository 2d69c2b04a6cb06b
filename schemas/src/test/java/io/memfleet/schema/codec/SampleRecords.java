package io.memfleet.schema.codec;

import io.memfleet.schema.Anomaly;
import io.memfleet.schema.AnomalyStatus;
import io.memfleet.schema.AnomalyType;
import io.memfleet.schema.HostHeartbeat;
import io.memfleet.schema.Mapping;
import io.memfleet.schema.MappingsPart;
import io.memfleet.schema.ProcessExit;
import io.memfleet.schema.ProcessSample;
import io.memfleet.schema.Severity;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One realistic instance of every record type, with the awkward values the codecs must keep. */
final class SampleRecords {

    static final long VSYSCALL_START = Long.parseUnsignedLong("ffffffffff600000", 16);
    static final long VSYSCALL_END = Long.parseUnsignedLong("ffffffffff601000", 16);

    static final List<Mapping> MAPPINGS = List.of(
            Mapping.of(0x55d0c4a00000L, 0x55d0c4a21000L, "r-xp", 0x1000, "fd:01", 1_234_567, "/usr/bin/my daemon"),
            Mapping.of(0x55d0c5e31000L, 0x55d0c5e52000L, "rw-p", 0, "00:00", 0, "[heap]"),
            Mapping.of(0x7f1c2a000000L, 0x7f1c2a021000L, "r-xs", 0, "00:01", 2048, "/memfd:jit (deleted)"),
            Mapping.of(0x7f1c2b000000L, 0x7f1c2b001000L, "rw-p", 0, "00:00", 0, "[anon:libc_malloc]"),
            Mapping.of(0x7f1c2c000000L, 0x7f1c2c800000L, "rw-p", 0, "00:00", 0, ""),
            Mapping.of(0x7ffd1e3c2000L, 0x7ffd1e3e3000L, "rw-p", 0, "00:00", 0, "[stack]"),
            Mapping.of(VSYSCALL_START, VSYSCALL_END, "--xp", 0, "00:00", 0, "[vsyscall]"));

    static ProcessSample processSample() {
        return new ProcessSample("run-1", 42, "host-a", "boot-1", 4242, 123_456_789L, 1, "java", 1000, "S", 31,
                1_764_460_800_000L, 6_000_000L, 5_900_000L, 0L, 0L, 400_000L, 350_000L, 300_000L, 49_000L, 1_000L,
                1_200_000L, 132L, 4L, 20_000L, 1_100L, 0L, MAPPINGS.size(), "0123456789abcdef0123456789abcdef",
                MAPPINGS, List.of("/usr/bin/java", "-Xmx1g", "--db-password=***", "-jar", "app with spaces.jar"), null)
                .withIdentity("/usr/lib/jvm/java-17 (deleted)", "9c81348976100179b98a6e6e0dcc727c6dec4473",
                        "/system.slice/docker-" + "ab".repeat(32) + ".scope", "docker-" + "ab".repeat(32) + ".scope",
                        "ab".repeat(32));
    }

    /** A kernel thread: the kernel omits every Vm* line, and there is no mapping. */
    static ProcessSample kernelThread() {
        return new ProcessSample("run-1", 43, "host-a", "boot-1", 2, 0, 0, "kthreadd", 0, "S", 1,
                1_764_460_800_000L, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, 0, "e3b0c44298fc1c149afbf4c8996fb924", List.of(), null, null);
    }

    static ProcessExit processExit() {
        return new ProcessExit("run-1", 44, "host-a", "boot-1", 4242, 123_456_789L, "java", 1_764_460_810_000L);
    }

    static HostHeartbeat heartbeat() {
        return new HostHeartbeat("run-1", 45, "host-a", "host-a.example.org", "boot-1", "0.1.0", 1_764_460_800_000L,
                10_000, 312, 1, 2, 0, 180, 10_000, 4_200_000, 3, 0, null);
    }

    /** The second of three parts of a list: the slice keeps the awkward mappings. */
    static MappingsPart mappingsPart() {
        return new MappingsPart("run-1", 41, "host-a", "boot-1", 4242, 123_456_789L,
                "0123456789abcdef0123456789abcdef", 21, 1, 3, MAPPINGS);
    }

    static Anomaly anomaly() {
        Map<String, String> evidence = new LinkedHashMap<>();
        evidence.put("mapping", "7f1c2a000000-7f1c2a021000 r-xs 00000000 00:01 2048 /memfd:jit (deleted)");
        evidence.put("slopeKbPerHour", "1234.5");
        return new Anomaly("a1b2", AnomalyType.FILELESS_EXEC, Severity.HIGH, AnomalyStatus.FIRING, "host-a",
                "host-a.example.org", 4242, 123_456_789L, "java", 1_764_460_800_000L,
                "java (pid 4242) executes code from a memfd, which has no file on disk.", evidence);
    }

    static List<Record> all() {
        return List.of(processSample(), kernelThread(), processSample().withoutMappings(), processExit(), heartbeat(),
                mappingsPart(), anomaly());
    }

    private SampleRecords() {
    }
}
