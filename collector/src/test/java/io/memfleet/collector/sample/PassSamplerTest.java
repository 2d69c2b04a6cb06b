package io.memfleet.collector.sample;

import static org.assertj.core.api.Assertions.assertThat;

import io.memfleet.collector.procfs.ProcfsReader;
import io.memfleet.schema.HostHeartbeat;
import io.memfleet.schema.MappingsPart;
import io.memfleet.schema.ProcessExit;
import io.memfleet.schema.ProcessSample;
import io.memfleet.schema.codec.WireFormat;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The digest/resync protocol, exits, pid reuse and skip counting, over a proc tree of real captures. */
class PassSamplerTest {

    private static final int KTHREADD = 2;
    private static final int JVM = 3828;
    private static final int C_PROGRAM = 3654;

    @TempDir
    Path proc;

    private final AtomicLong clock = new AtomicLong(1_000_000);
    private final AtomicLong sequence = new AtomicLong();
    private PassSampler sampler;

    @BeforeEach
    void setUp() throws IOException {
        Files.createDirectories(proc.resolve("sys/kernel/random"));
        Files.writeString(proc.resolve("sys/kernel/random/boot_id"), "boot-1\n");
        Files.writeString(proc.resolve("sys/kernel/hostname"), "host-a.example.org\n");
        copyCase("kthreadd", KTHREADD);
        copyCase("jvm-sleeper", JVM);
        copyCase("c-deleted-memfd-spaces", C_PROGRAM);
        ProcfsReader reader = new ProcfsReader(proc);
        HostIdentity host = new HostIdentity("host-a", "boot-1", "host-a.example.org");
        sampler = new PassSampler(reader, host, "run-1", Duration.ofMinutes(10), clock::get, sequence);
    }

    @Test
    void shouldSendEveryProcessWithItsMappingsOnTheFirstPass() {
        PassResult pass = sampler.sample();

        assertThat(samples(pass)).extracting(ProcessSample::pid).containsExactly(KTHREADD, C_PROGRAM, JVM);
        assertThat(samples(pass)).allSatisfy(s -> assertThat(s.mappings()).isNotNull().hasSize(s.mapCount()));
        assertThat(pass.processesSeen()).isEqualTo(3);
        ProcessSample jvm = sample(pass, JVM);
        assertThat(jvm.name()).isEqualTo("java");
        assertThat(jvm.hostId()).isEqualTo("host-a");
        assertThat(jvm.bootId()).isEqualTo("boot-1");
        assertThat(jvm.sampledAt()).isEqualTo(1_000_000);
        assertThat(jvm.vmRssKb()).isPositive();
        ProcessSample kthreadd = sample(pass, KTHREADD);
        assertThat(kthreadd.vmRssKb()).as("absent for a kernel thread").isNull();
        assertThat(kthreadd.mappings()).isEmpty();
    }

    @Test
    void shouldSendOnlyTheDigestWhenTheMappingsDidNotChange() {
        sampler.sample();
        clock.addAndGet(10_000);

        PassResult second = sampler.sample();

        assertThat(samples(second)).hasSize(3).allSatisfy(s -> assertThat(s.mappings()).isNull());
        assertThat(sample(second, JVM).mapsDigest()).isNotBlank();
    }

    @Test
    void shouldSendTheMappingsAgainWhenTheyChange() throws IOException {
        sampler.sample();
        Path maps = proc.resolve(JVM + "/maps");
        Files.writeString(maps, Files.readString(maps) + "7f0000000000-7f0000001000 r-xp 00000000 00:00 0 \n");

        PassResult second = sampler.sample();

        assertThat(sample(second, JVM).mappings()).hasSize(192);
        assertThat(sample(second, C_PROGRAM).mappings()).isNull();
    }

    @Test
    void shouldResyncTheMappingsPeriodically() {
        sampler.sample();
        clock.addAndGet(Duration.ofMinutes(10).toMillis());

        assertThat(samples(sampler.sample())).allSatisfy(s -> assertThat(s.mappings()).isNotNull());
    }

    @Test
    void shouldPublishAnExitForAProcessThatIsGone() throws IOException {
        sampler.sample();
        deleteCase(C_PROGRAM);
        clock.addAndGet(10_000);

        PassResult second = sampler.sample();

        assertThat(exits(second)).singleElement().satisfies(exit -> {
            assertThat(exit.pid()).isEqualTo(C_PROGRAM);
            assertThat(exit.name()).isEqualTo("mf) odd (name");
            assertThat(exit.exitedAt()).isEqualTo(1_010_000);
        });
        assertThat(samples(second)).extracting(ProcessSample::pid).containsExactly(KTHREADD, JVM);
    }

    @Test
    void shouldTreatAReusedPidAsANewProcess() throws IOException {
        PassResult first = sampler.sample();
        long oldStart = sample(first, JVM).startTime();
        Path stat = proc.resolve(JVM + "/stat");
        Files.writeString(stat, Files.readString(stat).replace(" " + oldStart + " ", " " + (oldStart + 500) + " "));

        PassResult second = sampler.sample();

        assertThat(exits(second)).singleElement().satisfies(exit -> {
            assertThat(exit.pid()).isEqualTo(JVM);
            assertThat(exit.startTime()).isEqualTo(oldStart);
        });
        ProcessSample reused = sample(second, JVM);
        assertThat(reused.startTime()).isEqualTo(oldStart + 500);
        assertThat(reused.mappings()).as("a new process gets its full mapping list").isNotNull();
    }

    @Test
    void shouldCountAMalformedProcessWithoutReportingItAsExited() throws IOException {
        sampler.sample();
        Files.writeString(proc.resolve(JVM + "/status"), "garbage without a colon\n");

        PassResult second = sampler.sample();

        assertThat(second.processesMalformed()).isEqualTo(1);
        assertThat(exits(second)).isEmpty();
        assertThat(samples(second)).extracting(ProcessSample::pid).containsExactly(KTHREADD, C_PROGRAM);
    }

    @Test
    void shouldCountAProcessThatVanishedMidRead() throws IOException {
        Files.delete(proc.resolve(C_PROGRAM + "/maps"));

        PassResult pass = sampler.sample();

        assertThat(pass.processesVanished()).isEqualTo(1);
        assertThat(pass.processesSeen()).isEqualTo(2);
    }

    @Test
    void shouldNumberEveryRecordOfTheRunInOrder() throws IOException {
        PassResult first = sampler.sample();
        HostHeartbeat heartbeat = sampler.heartbeat(first.summary(), 10_000, "test", 3, 1234, 0, 0);
        deleteCase(KTHREADD);
        PassResult second = sampler.sample();

        List<Long> seqs = new java.util.ArrayList<>();
        first.records().forEach(r -> seqs.add(r.seq()));
        seqs.add(heartbeat.seq());
        second.records().forEach(r -> seqs.add(r.seq()));
        assertThat(seqs).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L);
        assertThat(heartbeat.processesSeen()).isEqualTo(3);
        assertThat(heartbeat.hostname()).isEqualTo("host-a.example.org");
        assertThat(heartbeat.recordsSent()).isEqualTo(3);
    }

    @Test
    void shouldSampleAProcessWithAHundredThousandMappings() throws IOException {
        StringBuilder maps = new StringBuilder();
        for (long i = 0; i < 100_000; i++) {
            long start = 0x7f0000000000L + i * 0x2000;
            maps.append(String.format("%x-%x %s 00000000 00:00 0 %n", start, start + 0x1000, i % 2 == 0 ? "rw-p" : "r--p"));
        }
        Files.writeString(proc.resolve(JVM + "/maps"), maps);

        PassResult pass = sampler.sample();

        assertThat(sample(pass, JVM).mapCount()).isEqualTo(100_000);
        // Too big for one record: the list goes in parts, numbered right before their sample.
        assertThat(sample(pass, JVM).mappings()).isNull();
        List<MappingsPart> parts = pass.records().stream().filter(MappingsPart.class::isInstance)
                .map(MappingsPart.class::cast).toList();
        assertThat(parts).hasSizeGreaterThan(1).allSatisfy(p -> assertThat(p.parts()).isEqualTo(parts.size()));
        assertThat(parts.stream().mapToInt(p -> p.mappings().size()).sum()).isEqualTo(100_000);
        assertThat(parts.get(parts.size() - 1).seq() + 1).isEqualTo(sample(pass, JVM).seq());
        assertThat(pass.processesSeen()).isEqualTo(3);
    }

    @Test
    void shouldSampleOnlyWhatTheFilterAccepts() {
        PassSampler filtered = new PassSampler(new ProcfsReader(proc), new HostIdentity("host-a", "boot-1", "h"),
                "run-1", Duration.ofMinutes(10), clock::get, sequence,
                new ProcessFilter(List.of(), List.of(java.util.regex.Pattern.compile("kthreadd")), Set.of(), Set.of()),
                null, null, new MappingListSplitter(WireFormat.JSON));

        PassResult pass = filtered.sample();

        assertThat(samples(pass)).extracting(ProcessSample::pid).containsExactly(C_PROGRAM, JVM);
        assertThat(pass.processesSeen()).isEqualTo(2);
    }

    @Test
    void shouldSendTheRedactedCommandLineWithTheMappingsWhenEnabled() throws IOException {
        Files.write(proc.resolve(JVM + "/cmdline"),
                "java\0-Xmx64m\0--password=hunter2\0Sleeper\0".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        PassSampler withCmdline = new PassSampler(new ProcfsReader(proc), new HostIdentity("host-a", "boot-1", "h"),
                "run-1", Duration.ofMinutes(10), clock::get, sequence, ProcessFilter.ALL,
                new CmdlineReader(proc, new CmdlineRedactor(CmdlineRedactor.DEFAULT_SECRET_NAMES)), null,
                new MappingListSplitter(WireFormat.JSON));

        PassResult first = withCmdline.sample();
        PassResult second = withCmdline.sample();

        assertThat(sample(first, JVM).cmdline()).containsExactly("java", "-Xmx64m", "--password=***", "Sleeper");
        assertThat(sample(first, C_PROGRAM).cmdline()).as("no cmdline file in this capture").isNull();
        assertThat(sample(second, JVM).cmdline()).as("travels with the mapping list only").isNull();
    }

    @Test
    void shouldSendTheIdentityWithTheMappingsAndNoneForAKernelThread() throws IOException {
        Files.createSymbolicLink(proc.resolve(JVM + "/exe"), Path.of("/bin/ls").toRealPath());
        Files.writeString(proc.resolve(JVM + "/cgroup"), "0::/system.slice/docker-" + "ab".repeat(32) + ".scope\n");
        Files.writeString(proc.resolve(KTHREADD + "/cgroup"), "0::/\n");
        BuildIdCache buildIds = new BuildIdCache();
        PassSampler withIdentity = new PassSampler(new ProcfsReader(proc), new HostIdentity("host-a", "boot-1", "h"),
                "run-1", Duration.ofMinutes(10), clock::get, sequence, ProcessFilter.ALL, null, null,
                new MappingListSplitter(WireFormat.JSON), new ProcessIdentityReader(proc, buildIds));

        PassResult first = withIdentity.sample();
        PassResult second = withIdentity.sample();

        ProcessSample jvm = sample(first, JVM);
        assertThat(jvm.exe()).isEqualTo(Path.of("/bin/ls").toRealPath().toString());
        assertThat(jvm.buildId()).matches("[0-9a-f]{40}");
        assertThat(jvm.cgroup()).isEqualTo("/system.slice/docker-" + "ab".repeat(32) + ".scope");
        assertThat(jvm.unit()).isEqualTo("docker-" + "ab".repeat(32) + ".scope");
        assertThat(jvm.containerId()).isEqualTo("ab".repeat(32));
        assertThat(sample(first, C_PROGRAM).exe()).as("no exe link in this capture").isNull();
        ProcessSample kthread = sample(first, KTHREADD);
        assertThat(List.of(String.valueOf(kthread.exe()), String.valueOf(kthread.buildId()),
                String.valueOf(kthread.cgroup()))).containsOnly("null");
        assertThat(sample(second, JVM).exe()).as("travels with the mapping list only").isNull();
        assertThat(sample(second, JVM).cgroup()).isNull();

        clock.addAndGet(Duration.ofMinutes(10).toMillis());
        assertThat(sample(withIdentity.sample(), JVM).buildId()).as("again at the resync").isEqualTo(jvm.buildId());
        assertThat(buildIds.reads()).as("the executable is read once").isEqualTo(1);
    }

    private static List<ProcessSample> samples(PassResult pass) {
        return pass.records().stream().filter(ProcessSample.class::isInstance).map(ProcessSample.class::cast).toList();
    }

    private static List<ProcessExit> exits(PassResult pass) {
        return pass.records().stream().filter(ProcessExit.class::isInstance).map(ProcessExit.class::cast).toList();
    }

    private static ProcessSample sample(PassResult pass, int pid) {
        return samples(pass).stream().filter(s -> s.pid() == pid).findFirst().orElseThrow();
    }

    private void copyCase(String name, int pid) throws IOException {
        Path dir = Files.createDirectories(proc.resolve(Integer.toString(pid)));
        for (String file : List.of("stat", "status", "maps")) {
            try (InputStream in = PassSamplerTest.class.getResourceAsStream("/procfs/" + name + "/" + file)) {
                Files.copy(in, dir.resolve(file));
            }
        }
    }

    private void deleteCase(int pid) throws IOException {
        Path dir = proc.resolve(Integer.toString(pid));
        for (String file : List.of("stat", "status", "maps")) {
            Files.delete(dir.resolve(file));
        }
        Files.delete(dir);
    }
}
