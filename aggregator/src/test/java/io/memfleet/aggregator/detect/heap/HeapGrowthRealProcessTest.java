package io.memfleet.aggregator.detect.heap;

import static org.assertj.core.api.Assertions.assertThat;

import io.memfleet.aggregator.detect.Finding;
import io.memfleet.aggregator.detect.Observation;
import io.memfleet.collector.procfs.ProcStatus;
import io.memfleet.collector.procfs.ProcessSnapshot;
import io.memfleet.collector.procfs.ProcfsException;
import io.memfleet.collector.procfs.ProcfsReader;
import io.memfleet.schema.AnomalyStatus;
import io.memfleet.schema.AnomalyType;
import io.memfleet.schema.ProcessSample;
import io.memfleet.testkit.RequiredBinary;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The leak detector on real processes, read from this machine's /proc the way the collector
 * reads them: a leaking C program is reported, one filling a cache to its cap and one whose
 * memory saws up and down like a garbage collector are not. Time is compressed — half-second
 * buckets, a 40 s window — so the test runs in seconds; the logic is the production one.
 */
class HeapGrowthRealProcessTest {

    private static final Duration RUN = Duration.ofSeconds(22);

    static HeapGrowthSettings compressed() {
        HeapGrowthSettings d = HeapGrowthSettings.defaults();
        return new HeapGrowthSettings(Duration.ofSeconds(40), Duration.ofMillis(500), Duration.ofSeconds(6),
                Duration.ofSeconds(1), 16 * 1024, d.minRelativeGrowth(), d.significance(), d.saturationRatio(),
                Duration.ofSeconds(10), d.earlyEtaRatio(), d.minBucketFill(), d.vmDataGrowthRatio(), Duration.ZERO,
                Duration.ofSeconds(10), d.resolveSignificance(), Duration.ofSeconds(5), d.criticalEta(), d.highEta(),
                d.mediumEta());
    }

    @Test
    @Timeout(120)
    void shouldReportTheLeakAndNotTheCacheNorTheSawtooth(@TempDir Path dir) throws Exception {
        Path binary = compile(dir);
        Map<String, Process> processes = new LinkedHashMap<>();
        Map<String, List<Finding>> findings = new LinkedHashMap<>();
        Map<String, HeapGrowthState> states = new LinkedHashMap<>();
        HeapGrowthDetector detector = new HeapGrowthDetector(compressed());
        try {
            for (String shape : List.of("leak", "plateau", "sawtooth")) {
                Process process = new ProcessBuilder(binary.toString(), shape).start();
                BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8));
                assertThat(out.readLine()).isEqualTo("ready");
                processes.put(shape, process);
                findings.put(shape, new ArrayList<>());
                states.put(shape, detector.initial());
            }
            ProcfsReader reader = new ProcfsReader();
            long start = System.currentTimeMillis();
            while (System.currentTimeMillis() - start < RUN.toMillis()) {
                for (String shape : processes.keySet()) {
                    Observation observation = observe(reader, processes.get(shape), shape, start);
                    states.put(shape, detector.observe(states.get(shape), observation, findings.get(shape)));
                }
                Thread.sleep(100);
            }
        } finally {
            processes.values().forEach(Process::destroyForcibly);
        }

        assertThat(findings.get("leak")).as("the leak").isNotEmpty().first().satisfies(finding -> {
            assertThat(finding.type()).isEqualTo(AnomalyType.HEAP_GROWTH);
            assertThat(finding.status()).isEqualTo(AnomalyStatus.FIRING);
            assertThat(finding.summary()).contains("has grown its anonymous memory");
            assertThat(finding.evidence()).containsKeys("slopeKbPerHour", "mannKendallP", "vmDataKb");
        });
        assertThat(findings.get("plateau")).as("a cache filled to its cap").isEmpty();
        assertThat(findings.get("sawtooth")).as("a garbage collector's sawtooth").isEmpty();
    }

    private static Observation observe(ProcfsReader reader, Process process, String shape, long firstSeen)
            throws ProcfsException {
        ProcessSnapshot snapshot = reader.read((int) process.pid());
        ProcStatus s = snapshot.status();
        long now = System.currentTimeMillis();
        ProcessSample sample = new ProcessSample("run", 1, "host", "boot", snapshot.pid(), snapshot.stat().startTime(),
                snapshot.stat().ppid(), shape, s.uid(), snapshot.stat().state(), snapshot.stat().numThreads(), now,
                s.vmPeakKb(), s.vmSizeKb(), s.vmLckKb(), s.vmPinKb(), s.vmHwmKb(), s.vmRssKb(), s.rssAnonKb(),
                s.rssFileKb(), s.rssShmemKb(), s.vmDataKb(), s.vmStkKb(), s.vmExeKb(), s.vmLibKb(), s.vmPteKb(),
                s.vmSwapKb(), snapshot.mappings().size(), snapshot.mapsDigest(), null, null, null);
        return new Observation("host", "host", "boot", snapshot.pid(), snapshot.stat().startTime(), shape, now,
                firstSeen, sample, snapshot.mappings(), null, false, true, 24L * 1024 * 1024, null);
    }

    private static Path compile(Path dir) throws Exception {
        Path source = dir.resolve("memory_shapes.c");
        try (InputStream in = HeapGrowthRealProcessTest.class.getResourceAsStream("/detect/heap/memory_shapes.c")) {
            Files.copy(in, source);
        }
        Path binary = dir.resolve("memory_shapes");
        Process cc = new ProcessBuilder(RequiredBinary.cCompiler(), "-O1", "-o", binary.toString(), source.toString())
                .redirectErrorStream(true).start();
        String output = new String(cc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(cc.waitFor()).as(output).isZero();
        return binary;
    }
}
