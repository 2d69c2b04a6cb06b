package io.memfleet.aggregator.detect.exec;

import static io.memfleet.aggregator.detect.exec.ExecFixtures.MINUTE;
import static io.memfleet.aggregator.detect.exec.ExecFixtures.anon;
import static io.memfleet.aggregator.detect.exec.ExecFixtures.file;
import static io.memfleet.aggregator.detect.exec.ExecFixtures.plus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memfleet.aggregator.detect.Finding;
import io.memfleet.aggregator.detect.exec.ExecFixtures.Process;
import io.memfleet.schema.Mapping;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Determinism, the state bound and the state's stored form. */
class ExecMappingStateTest {

    private static final List<Mapping> JVM = ExecFixtures.resource("jvm-sleeper.maps");
    private static final List<Mapping> PLAIN = ExecMappingDetectorTest.PLAIN;

    /** A story with every rule firing and resolving. */
    private static List<List<Finding>> story(ExecMappingDetector detector, Function<ExecMappingState, ExecMappingState> between) {
        Process process = new Process(detector, 812, "app");
        Mapping memfd = Mapping.of(0x7f1194ed0000L, 0x7f1194ed1000L, "r-xs", 0, "00:01", 1025, "/memfd:p (deleted)");
        Mapping rwx = anon(0x7f1194ec8000L, 0x7f1194ec9000L, "rwxp");
        Mapping rx = anon(0x7f1194eca000L, 0x7f1194ecb000L, "r-xp");
        Mapping tmp = file(0x7f0000000000L, 0x7f0000001000L, "r-xp", "/tmp/x.so");
        List<List<Finding>> out = new ArrayList<>();
        out.add(process.list(0, plus(PLAIN, memfd)));
        out.add(process.list(11 * MINUTE, plus(PLAIN, memfd, rwx)));
        out.add(process.list(12 * MINUTE, plus(PLAIN, rwx, rx, tmp)));
        out.add(process.list(13 * MINUTE, plus(PLAIN, tmp)));
        out.add(process.exit(14 * MINUTE));
        return out;
    }

    @Test
    void shouldGiveTheSameFindingsForTheSameObservations() {
        List<List<Finding>> first = story(new ExecMappingDetector(), s -> s);
        List<List<Finding>> second = story(new ExecMappingDetector(), s -> s);

        assertThat(second).isEqualTo(first);
        assertThat(first.stream().mapToInt(List::size).sum()).isEqualTo(8); // 4 FIRING, 4 RESOLVED
    }

    @Test
    void shouldRoundTripItsStateThroughItsStoredForm() {
        ExecMappingDetector detector = new ExecMappingDetector();
        Process process = new Process(detector, 3828, "java");
        Mapping hook = file(0x7f0000000000L, 0x7f0000001000L, "rwxp", "/usr/lib/libhook.so");
        Mapping high = anon(0xfffffffff0000000L, 0xfffffffff0001000L, "rwxp"); // above Long.MAX_VALUE
        process.list(0, plus(JVM, hook));
        process.list(11 * MINUTE, plus(JVM, hook, high));
        ExecMappingState state = process.state();
        // The hook (W+X file) and the page above Long.MAX_VALUE, outside the code cache.
        assertThat(state.open()).hasSize(2);
        assertThat(state.knownAnonymous()).hasSize(3);
        assertThat(state.codeCache()).hasSize(1);

        byte[] stored = detector.stateCodec().encode(state);
        ExecMappingState back = detector.stateCodec().decode(stored);

        assertThat(back).isEqualTo(state);
        assertThat(back.open().get(1).start()).isEqualTo(0xfffffffff0000000L);
        assertThat(stored.length).isLessThan(3_000);
        for (int length = 0; length < stored.length; length++) {
            byte[] truncated = java.util.Arrays.copyOf(stored, length);
            assertThatThrownBy(() -> detector.stateCodec().decode(truncated))
                    .isInstanceOf(io.memfleet.aggregator.codec.StateFormatException.class);
        }
        byte[] otherFormat = stored.clone();
        otherFormat[0] = 4; // zig-zag 2
        assertThatThrownBy(() -> detector.stateCodec().decode(otherFormat))
                .isInstanceOf(io.memfleet.aggregator.codec.StateFormatException.class)
                .hasMessageContaining("exec mapping state in format 2, but this aggregator reads only format 1");
    }

    @Test
    void shouldStayWithinItsBoundHoweverManyMappingsCome() {
        ExecMappingDetector detector = new ExecMappingDetector(ExecMappingSettings.defaults().withLimits(100, 8, 5));
        Process process = new Process(detector, 1, "app");
        List<Mapping> learning = new ArrayList<>(PLAIN);
        for (int i = 0; i < 1_000; i++) {
            learning.add(file(0x600000000000L + i * 0x10000L, 0x600000000000L + i * 0x10000L + 0x1000, "r-xp",
                    "/usr/lib/plugins/lib" + i + ".so"));
            learning.add(anon(0x500000000000L + i * 0x100000L, 0x500000000000L + i * 0x100000L + 0x1000, "r-xp"));
        }
        process.list(0, learning);
        process.list(5 * MINUTE, learning);

        assertThat(process.state().knownFiles()).hasSize(100);
        assertThat(process.state().knownAnonymous()).hasSize(8);
        // Merging keeps every learned range covered.
        assertThat(process.state().knownAnonymous().get(0).start()).isEqualTo(0x500000000000L);

        List<Mapping> attack = new ArrayList<>(PLAIN);
        for (int i = 0; i < 50; i++) {
            attack.add(anon(0x400000000000L + i * 0x100000L, 0x400000000000L + i * 0x100000L + 0x1000, "rwxp"));
        }
        List<Finding> findings = process.list(12 * MINUTE, attack);

        assertThat(process.state().open()).as(findings.toString()).hasSize(5);
        assertThat(findings.stream().filter(f -> f.status() == io.memfleet.schema.AnomalyStatus.FIRING)).hasSize(5);
        // 45 W+X pages, and libc and ld.so: they came after the cap of 100 learned files.
        assertThat(process.state().notReported()).as(process.state().open().toString()).isEqualTo(47);
    }

    @Test
    void shouldKeepItsStoredFormUnderTheChangelogLimitWhenAProcessMapsFilesOfLongNames() {
        ExecMappingDetector detector = new ExecMappingDetector();
        Process process = new Process(detector, 1, "app");
        List<Mapping> learning = new ArrayList<>(PLAIN);
        String longDir = "/" + "d".repeat(200) + "/";
        for (int i = 0; i < 1_024; i++) {
            // A process names its own files: 1,024 paths near PATH_MAX.
            String path = longDir.repeat(19) + "lib" + i + ".so";
            learning.add(file(0x600000000000L + i * 0x10000L, 0x600000000000L + i * 0x10000L + 0x1000, "r-xp", path));
        }
        process.list(0, learning);
        process.list(5 * MINUTE, learning);

        int stored = ExecMappingStateCodec.INSTANCE.encode(process.state()).length;
        assertThat(stored).isLessThan(Baseline.MAX_KNOWN_FILES_BYTES + 4_096).isLessThan(1024 * 1024);
        assertThat(process.state().knownFiles()).hasSizeLessThan(1_024);
    }

    @Test
    void shouldWriteMappingLinesExactlyAsTheKernelDid() throws Exception {
        for (String name : List.of("jvm-sleeper.maps", "c-deleted-memfd-spaces.maps")) {
            String raw;
            try (var in = getClass().getResourceAsStream("/detect/exec/" + name)) {
                raw = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            }
            List<String> lines = ExecFixtures.resource(name).stream().map(MapsLine::of).toList();
            assertThat(String.join("\n", lines) + "\n").as(name).isEqualTo(raw);
        }
    }
}
