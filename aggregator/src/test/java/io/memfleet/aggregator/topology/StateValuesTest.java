package io.memfleet.aggregator.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memfleet.aggregator.codec.BinaryIn;
import io.memfleet.aggregator.codec.BinaryOut;
import io.memfleet.aggregator.codec.RecordBinary;
import io.memfleet.aggregator.codec.StateFormatException;
import io.memfleet.aggregator.model.MappingChange;
import io.memfleet.schema.Anomaly;
import io.memfleet.schema.AnomalyStatus;
import io.memfleet.schema.AnomalyType;
import io.memfleet.schema.Mapping;
import io.memfleet.schema.ProcessSample;
import io.memfleet.schema.Severity;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

/**
 * The state values: exact round trips, the format version each starts with (any other is refused,
 * naming the value), and truncated or garbled bytes.
 */
class StateValuesTest {

    private static final List<Mapping> MAPPINGS = List.of(
            Mapping.of(0x55d0c0a00000L, 0x55d0c0a21000L, "rw-p", 0, "00:00", 0, "[heap]"),
            Mapping.of(0x7f3a1c000000L, 0x7f3a1c001000L, "r-xp", 0x2000, "fd:01", 1_234_567, "/opt/My App/lib x.so"),
            Mapping.of(0x7f3a1d000000L, 0x7f3a1d001000L, "r-xs", 0, "00:01", 1025, "/memfd:jit (deleted)"),
            Mapping.of(0x7f3a1e000000L, 0x7f3a1e001000L, "rw-p", 0, "00:00", 0, "[anon:dalvik-main space]"),
            Mapping.of(0xffffffffff600000L, 0xffffffffff601000L, "--xp", 0, "00:00", 0, "[vsyscall]"));

    private static ProcessSample kernelThread() {
        return new ProcessSample("run-1", 9, "host-a", "boot-1", 2, 3, 0, "kthreadd", 0, "S", 1, 1_700_000_000_000L,
                null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, 0,
                "e3b0c442", null, null, null);
    }

    private static ProcessSample withEverything() {
        return new ProcessSample("run-1", 10, "host-a", "boot-1", 4_194_303, Long.MAX_VALUE / 7, 1, "my app", 65_534,
                "R", 33, 1_700_000_010_000L, 9_000L, 8_000L, 0L, 0L, 7_000L, 6_000L, 5_000L, 1_000L, 0L, 5_500L,
                132L, 4L, 2_000L, 40L, 12L, 5, "0f1e2d3c", MAPPINGS, List.of("java", "-Dpassword=<redacted>", "ä €"),
                512_000L);
    }

    @Test
    void shouldRoundTripAHostState() {
        HostState host = new HostState("host-a", "a.example", "boot-1", "0.1.0", 1, 2, "run-1", 41, 3, 1, 300, 2,
                10_000, 24_000_000L, 2, List.of(5L, 7L, 20L, 20L), -94_608_000_000L, 17, 1_700_000_000_000L,
                new HostState.RunPass(40, 1, false));
        HostState noMemTotal = new HostState("host-b", "", "", "", 5, 5, "run-2", 0, 0, 0, 0, 0, 0, null, 0,
                List.of(), 0, 0, null);

        assertThat(HostState.read(new BinaryIn(host.toBytes()))).isEqualTo(host);
        assertThat(HostState.read(new BinaryIn(noMemTotal.toBytes()))).isEqualTo(noMemTotal);
    }

    @Test
    void shouldRoundTripAHostStateWithSeveralCollectorRuns() {
        CollectorRuns runs = new CollectorRuns(new CollectorRuns.Run("boot-1", "a.example", 1, 2, 3, false, true),
                List.of(new CollectorRuns.Parked("run-0", new CollectorRuns.Run("boot-0", "b.example", 0, 2, 0, true,
                        true), 9, List.of(4L, 5L), new HostState.RunPass(8, 1, true))), 2L);
        HostState host = new HostState("host-a", "a.example", "boot-1", "0.1.0", 1, 2, "run-1", 41, 3, 1, 300, 2,
                10_000, 24_000_000L, 2, List.of(), 0, 0, null, new HostState.RunPass(40, 1, false), runs,
                new HostState.ProcessCounts(5, 6, 7, 8, 9, 10));

        assertThat(HostState.read(new BinaryIn(host.toBytes()))).isEqualTo(host);
    }

    @Test
    void shouldRoundTripAProcessStateWithAbsentFieldsAndACommandLine() {
        ProcessState thread = ProcessState.first(kernelThread());
        ProcessState full = ProcessState.first(withEverything()).withExit(1_700_000_020_000L);

        assertThat(ProcessState.read(new BinaryIn(thread.toBytes()))).isEqualTo(thread);
        ProcessState back = ProcessState.read(new BinaryIn(full.toBytes()));
        assertThat(back).isEqualTo(full);
        assertThat(back.latest().mappings()).as("the list lives in its own store").isNull();
        assertThat(back.latest().vmPteKb()).isEqualTo(40L);
        assertThat(full.toBytes().length).as("rewritten on every sample").isLessThan(256);
    }

    @Test
    void shouldRoundTripAProcessStateWithItsIdentity() {
        ProcessState state = ProcessState.first(withEverything().withIdentity("/usr/sbin/nginx (deleted)",
                "15dfff3239aa7c3b16a71e6b2e3b6e4009dab998", "/system.slice/docker-" + "ab".repeat(32) + ".scope",
                "docker-" + "ab".repeat(32) + ".scope", "ab".repeat(32)));

        assertThat(ProcessState.read(new BinaryIn(state.toBytes()))).isEqualTo(state);
    }

    @Test
    void shouldKeepTheIdentityThroughSamplesWithoutAListAndReplaceItWithTheNextList() {
        ProcessSample listed = withEverything().withIdentity("/bin/a", "01", "/a.service", "a.service", null);
        ProcessState state = ProcessState.first(listed)
                .withSample(listed.withoutMappings().withIdentity(null, null, null, null, null), 1L);
        assertThat(state.latest().exe()).isEqualTo("/bin/a");
        assertThat(state.latest().unit()).isEqualTo("a.service");

        ProcessSample moved = listed.withIdentity(null, null, "/b.scope", "b.scope", null);
        state = state.withSample(moved, 2L);
        assertThat(state.latest().exe()).as("the new list says it is unreadable now").isNull();
        assertThat(state.latest().unit()).isEqualTo("b.scope");
    }

    @Test
    void shouldRoundTripAProcessStateWithItsOpenBucketAndInlineDetectorStates() {
        ProcessSample sample = withEverything();
        Rollup rollup = Rollup.of(MemoryPoint.of(sample));
        ProcessState state = ProcessState.first(sample).withBucket(new OpenBucket(1_700_000_100_000L, rollup))
                .withDetectorStates(InlineDetectorStates.NONE.with("heap-growth", new byte[] {1, 2, 3})
                        .with("other", new byte[0]).with("heap-growth", new byte[] {4}));

        ProcessState back = ProcessState.read(new BinaryIn(state.toBytes()));
        assertThat(back).isEqualTo(state);
        assertThat(back.bucket().rollup().count()).isEqualTo(1);
        assertThat(back.detectorStates().get("heap-growth")).containsExactly(4);
        assertThat(back.detectorStates().get("other")).isEmpty();
        assertThat(back.detectorStates().get("exec-mapping")).isNull();
    }

    @Test
    void shouldKeepOnlyTheInlineStatesAskedFor() {
        InlineDetectorStates three = InlineDetectorStates.NONE.with("a", new byte[] {1}).with("b", new byte[] {2})
                .with("c", new byte[] {3});

        assertThat(three.retain(name -> true)).isSameAs(three);
        InlineDetectorStates ac = three.retain(name -> !name.equals("b"));
        assertThat(ac.get("a")).containsExactly(1);
        assertThat(ac.get("b")).isNull();
        assertThat(ac.get("c")).containsExactly(3);
        assertThat(three.retain(name -> false)).isSameAs(InlineDetectorStates.NONE);
    }

    @Test
    void shouldRoundTripMappingsByteForByte() {
        MappingSet set = new MappingSet(MAPPINGS);
        MappingChange change = MappingChange.between(MAPPINGS.subList(0, 2), MAPPINGS.subList(1, 5));

        assertThat(MappingSet.read(new BinaryIn(set.toBytes()))).isEqualTo(set);
        MappingChange back = MappingChange.read(new BinaryIn(change.toBytes()));
        assertThat(back).isEqualTo(change);
        assertThat(back.removed()).containsExactly(MAPPINGS.get(0));
        assertThat(back.added()).hasSize(3).last().extracting(Mapping::start).isEqualTo(0xffffffffff600000L);
    }

    @Test
    void shouldRoundTripAnAnomalyAsVersionedJson() {
        Anomaly anomaly = anomaly();
        byte[] stored = ANOMALIES.serializer().serialize("t", anomaly);

        assertThat(ANOMALIES.deserializer().deserialize("t", stored)).isEqualTo(anomaly);
        assertThat(stored[0]).as("format 1, zig-zag").isEqualTo((byte) 2);
        assertThat(stored[1]).as("then the JSON").isEqualTo((byte) '{');
    }

    @Test
    void shouldKeyDetectorStatesUnderTheirProcess() {
        String process = ProcessKey.of("host-a", "boot-1", 42, 1234);
        String key = ProcessKey.detectorState(process, "heap-growth");

        assertThat(key).startsWith(process);
        assertThat(ProcessKey.processOfDetectorState(key)).isEqualTo(process);
        assertThat(ProcessKey.detectorOfDetectorState(key)).isEqualTo("heap-growth");
        assertThat(process).isEqualTo("host-a\u0000boot-1\u00000000000042\u000000000000000000001234");
    }

    @Test
    void shouldRefuseAValueOfAnyOtherFormatNamingWhatItIs() {
        assertRefusesOtherFormats("host state", 7, host().toBytes(), binary(HostState::read));
        assertRefusesOtherFormats("process state", 3, fullProcess().toBytes(), binary(ProcessState::read));
        assertRefusesOtherFormats("mapping set", 1, new MappingSet(MAPPINGS).toBytes(), binary(MappingSet::read));
        assertRefusesOtherFormats("mapping change", 1, change().toBytes(), binary(MappingChange::read));
        assertRefusesOtherFormats("memory point", 1, MemoryPoint.of(withEverything()).toBytes(),
                MemoryPoint::fromBytes);
        assertRefusesOtherFormats("rollup", 1, Rollup.of(MemoryPoint.of(withEverything())).toBytes(),
                Rollup::fromBytes);
        assertRefusesOtherFormats("anomaly", 1, ANOMALIES.serializer().serialize("t", anomaly()),
                bytes -> ANOMALIES.deserializer().deserialize("t", bytes));
    }

    @Test
    void shouldRefuseAProcessStateWhoseOpenBucketIsOfAnotherFormat() {
        byte[] bytes = fullProcess().toBytes();
        byte[] rollup = fullProcess().bucket().rollup().toBytes();
        int at = indexOf(bytes, rollup);
        bytes[at] = 4; // zig-zag 2

        assertThatThrownBy(() -> ProcessState.read(new BinaryIn(bytes))).isInstanceOf(StateFormatException.class)
                .hasMessageContaining("rollup in format 2");
    }

    @Test
    void shouldThrowOnlyItsOwnExceptionOnTruncatedOrGarbledValues() {
        assertOnlyStateFormatExceptions(fullProcess().toBytes(), binary(ProcessState::read));
        assertOnlyStateFormatExceptions(new MappingSet(MAPPINGS).toBytes(), binary(MappingSet::read));
        assertOnlyStateFormatExceptions(change().toBytes(), binary(MappingChange::read));
        assertOnlyStateFormatExceptions(host().toBytes(), binary(HostState::read));
        assertOnlyStateFormatExceptions(MemoryPoint.of(withEverything()).toBytes(), MemoryPoint::fromBytes);
        assertOnlyStateFormatExceptions(Rollup.of(MemoryPoint.of(withEverything())).toBytes(), Rollup::fromBytes);
        assertOnlyStateFormatExceptions(ANOMALIES.serializer().serialize("t", anomaly()),
                bytes -> ANOMALIES.deserializer().deserialize("t", bytes));
    }

    private static final Serde<Anomaly> ANOMALIES = JsonSerde.of(Anomaly.class, 1, "anomaly");

    private static HostState host() {
        return new HostState("h", "n", "b", "v", 1, 2, "r", 3, 4, 5, 6, 7, 8, 9L, 10, List.of(1L, 2L), 11, 12, 13L);
    }

    /** A process state with everything in it: sample fields, command line, open bucket, detector states. */
    private static ProcessState fullProcess() {
        ProcessSample sample = withEverything();
        return ProcessState.first(sample).withBucket(new OpenBucket(1_700_000_100_000L, Rollup.of(MemoryPoint.of(sample))))
                .withDetectorStates(InlineDetectorStates.NONE.with("heap-growth", new byte[] {2, 7, 7}));
    }

    private static MappingChange change() {
        return MappingChange.between(MAPPINGS.subList(0, 2), MAPPINGS.subList(1, 5));
    }

    private static Anomaly anomaly() {
        return new Anomaly("a1b2", AnomalyType.WX_MAPPING, Severity.HIGH, AnomalyStatus.FIRING, "host-a", "a.example",
                42, 1234, "my app", 1_700_000_010_000L, "a W+X mapping appeared",
                Map.of("mapping", "7f3a1c000000-7f3a1c001000 rwxp", "note", "ä €"));
    }

    private static Function<byte[], ?> binary(Function<BinaryIn, ?> read) {
        return bytes -> read.apply(new BinaryIn(bytes));
    }

    private static void assertRefusesOtherFormats(String what, int format, byte[] stored, Function<byte[], ?> read) {
        assertThat(stored[0]).as("%s: format %d, zig-zag, in its first byte", what, format).isEqualTo((byte) (2 * format));
        for (int other : new int[] {0, format - 1, format + 1, 63, -1}) {
            if (other == format) {
                continue;
            }
            byte[] bytes = stored.clone();
            bytes[0] = (byte) (other < 0 ? 2 * -other - 1 : 2 * other);
            assertThatThrownBy(() -> read.apply(bytes)).as("%s in format %d", what, other)
                    .isInstanceOf(StateFormatException.class)
                    .hasMessageContaining(what + " in format " + other + ", but this aggregator reads only format "
                            + format);
        }
        assertThatThrownBy(() -> read.apply(new byte[0])).isInstanceOf(StateFormatException.class);
    }

    private static int indexOf(byte[] bytes, byte[] part) {
        outer:
        for (int i = 0; i + part.length <= bytes.length; i++) {
            for (int j = 0; j < part.length; j++) {
                if (bytes[i + j] != part[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }

    private static void assertOnlyStateFormatExceptions(byte[] stored, Function<byte[], ?> read) {
        for (int length = 0; length < stored.length; length++) {
            byte[] truncated = Arrays.copyOf(stored, length);
            assertThatThrownBy(() -> read.apply(truncated)).isInstanceOf(StateFormatException.class);
        }
        Random random = new Random(11);
        for (int i = 0; i < 5_000; i++) {
            byte[] garbled = stored.clone();
            for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
                garbled[random.nextInt(garbled.length)] = (byte) random.nextInt();
            }
            try {
                read.apply(garbled);
            } catch (RuntimeException e) {
                assertThat(e).isInstanceOf(StateFormatException.class);
            }
        }
    }
}
