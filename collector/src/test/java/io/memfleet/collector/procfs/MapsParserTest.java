package io.memfleet.collector.procfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memfleet.schema.Mapping;
import io.memfleet.schema.MappingKind;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MapsParserTest {

    private static List<Mapping> parse(String caseName) throws ProcfsParseException {
        return MapsParser.parse(caseName + "/maps", Fixtures.text(caseName, "maps"));
    }

    private static Map<MappingKind, Long> kinds(List<Mapping> mappings) {
        return mappings.stream().collect(Collectors.groupingBy(Mapping::kind, Collectors.counting()));
    }

    @Test
    void shouldParseEmptyMapsOfKernelThread() throws Exception {
        assertThat(parse(Fixtures.KTHREADD)).isEmpty();
    }

    @Test
    void shouldKeepDeletedSuffixOnUnlinkedFile() throws Exception {
        assertThat(parse(Fixtures.C_PROGRAM).get(13)).isEqualTo(new Mapping(0x7f1194eca000L, 0x7f1194ecc000L, "r-xs",
                0, "fe:00", 2146582, "/tmp/memfleet fixture/gone.so (deleted)", MappingKind.FILE));
    }

    @Test
    void shouldKeepTrailingSpaceInFileName() throws Exception {
        assertThat(parse(Fixtures.C_PROGRAM).get(14)).isEqualTo(new Mapping(0x7f1194ecc000L, 0x7f1194ece000L, "r--s",
                0, "fe:00", 2146580, "/tmp/memfleet fixture/trailing space ", MappingKind.FILE));
    }

    @Test
    void shouldKeepSpacesInsideFileName() throws Exception {
        assertThat(parse(Fixtures.C_PROGRAM).get(15)).isEqualTo(new Mapping(0x7f1194ece000L, 0x7f1194ed0000L, "rw-s",
                0, "fe:00", 2146579, "/tmp/memfleet fixture/data file.bin", MappingKind.FILE));
    }

    @Test
    void shouldClassifyExecutableMemfd() throws Exception {
        Mapping memfd = parse(Fixtures.C_PROGRAM).get(16);
        assertThat(memfd).isEqualTo(new Mapping(0x7f1194ed0000L, 0x7f1194ed1000L, "r-xs",
                0, "00:01", 1025, "/memfd:memfleet-jit (deleted)", MappingKind.MEMFD));
        assertThat(memfd.executable()).isTrue();
    }

    @Test
    void shouldParseCProgramCountsAndKinds() throws Exception {
        List<Mapping> mappings = parse(Fixtures.C_PROGRAM);
        assertThat(mappings).hasSize(28);
        assertThat(kinds(mappings)).containsExactlyInAnyOrderEntriesOf(Map.of(
                MappingKind.FILE, 18L, MappingKind.ANON, 3L, MappingKind.HEAP, 1L, MappingKind.STACK, 1L,
                MappingKind.VDSO, 1L, MappingKind.VVAR, 2L, MappingKind.VSYSCALL, 1L, MappingKind.MEMFD, 1L));
        assertThat(mappings.get(6)).isEqualTo(new Mapping(0x7f1194cdf000L, 0x7f1194ce6000L, "rw-p",
                0, "00:00", 0, "", MappingKind.ANON));
        assertThat(mappings.get(8)).isEqualTo(new Mapping(0x7f1194d0c000L, 0x7f1194e62000L, "r-xp",
                0x26000, "fe:00", 339380, "/usr/lib/x86_64-linux-gnu/libc.so.6", MappingKind.FILE));
    }

    @Test
    void shouldReadVsyscallAboveLongMaxAsUnsigned() throws Exception {
        for (String caseName : List.of(Fixtures.SHELL, Fixtures.C_PROGRAM, Fixtures.JVM)) {
            List<Mapping> mappings = parse(caseName);
            Mapping vsyscall = mappings.get(mappings.size() - 1);
            assertThat(vsyscall.kind()).as(caseName).isEqualTo(MappingKind.VSYSCALL);
            assertThat(Long.toUnsignedString(vsyscall.start(), 16)).isEqualTo("ffffffffff600000");
            assertThat(Long.toUnsignedString(vsyscall.end(), 16)).isEqualTo("ffffffffff601000");
            assertThat(Long.toUnsignedString(vsyscall.start())).isEqualTo("18446744073699065856");
            assertThat(vsyscall.sizeBytes()).isEqualTo(4096);
            assertThat(vsyscall.perms()).isEqualTo("--xp");
            assertThat(vsyscall.path()).isEqualTo("[vsyscall]");
        }
    }

    @Test
    void shouldParseShellMaps() throws Exception {
        List<Mapping> mappings = parse(Fixtures.SHELL);
        assertThat(mappings).hasSize(25);
        assertThat(mappings.get(0)).isEqualTo(new Mapping(0x5650c00ec000L, 0x5650c00f0000L, "r--p",
                0, "fe:00", 260180, "/usr/bin/dash", MappingKind.FILE));
        assertThat(mappings.get(6)).isEqualTo(new Mapping(0x5650e00bf000L, 0x5650e00e0000L, "rw-p",
                0, "00:00", 0, "[heap]", MappingKind.HEAP));
        assertThat(mappings.get(23).kind()).isEqualTo(MappingKind.STACK);
    }

    @Test
    void shouldParseJvmMaps() throws Exception {
        List<Mapping> mappings = parse(Fixtures.JVM);
        assertThat(mappings).hasSize(191);
        assertThat(kinds(mappings).get(MappingKind.ANON)).isEqualTo(107L);
        assertThat(mappings.stream().filter(m -> m.perms().equals("rwxp"))).hasSize(3);
        assertThat(mappings.stream().map(Mapping::perms).distinct())
                .containsExactlyInAnyOrder("---p", "--xp", "r--p", "r--s", "r-xp", "rw-p", "rw-s", "rwxp");
        // Low addresses keep the kernel's 8-digit padding; an end can be wider than its start.
        assertThat(mappings.get(0)).isEqualTo(new Mapping(0xfc000000L, 0xffe00000L, "rw-p",
                0, "00:00", 0, "", MappingKind.ANON));
        assertThat(mappings.get(1)).isEqualTo(new Mapping(0xffe00000L, 0xffe75000L, "rw-p", 0xc77000L, "fe:00",
                328258, "/usr/lib/jvm/java-17-openjdk-amd64/lib/server/classes.jsa", MappingKind.FILE));
        assertThat(mappings.get(4).end()).isEqualTo(0x100000000L);
        assertThat(mappings.get(123)).isEqualTo(new Mapping(0x7fe698a51000L, 0x7fe6997a4000L, "r-xp", 0x251000L,
                "fe:00", 328261, "/usr/lib/jvm/java-17-openjdk-amd64/lib/server/libjvm.so", MappingKind.FILE));
    }

    @Test
    void shouldKeepMappingsInFileOrderAndStartsAscending() throws Exception {
        for (String caseName : Fixtures.CAPTURED) {
            List<Mapping> mappings = parse(caseName);
            for (int i = 1; i < mappings.size(); i++) {
                assertThat(Long.compareUnsigned(mappings.get(i - 1).end(), mappings.get(i).start()))
                        .as("%s line %d", caseName, i + 1).isLessThanOrEqualTo(0);
            }
        }
    }

    @Test
    void shouldParseSyntheticAnonNamesAndOldStackTid() throws Exception {
        List<Mapping> mappings = parse(Fixtures.SYNTHETIC_ANON);
        assertThat(mappings).extracting(Mapping::path).containsExactly("[heap]", "[anon:memfleet-arena]",
                "[anon:jit cache]", "[anon_shmem:ring buffer]", "", "[stack:1234]", "[uprobes]", "[vsyscall]");
        assertThat(mappings).extracting(Mapping::kind).containsExactly(MappingKind.HEAP, MappingKind.ANON_NAMED,
                MappingKind.ANON_NAMED, MappingKind.ANON_NAMED, MappingKind.ANON, MappingKind.STACK,
                MappingKind.OTHER, MappingKind.VSYSCALL);
        assertThat(mappings.get(3).dev()).isEqualTo("00:01");
        assertThat(mappings.get(3).inode()).isEqualTo(2050);
    }

    @Test
    void shouldKeepDeviceAsWrittenAndAcceptWideNumbers() throws Exception {
        String line = "00000000ffffffff-ffffffffffffffff rwxs ffffffffffffffff 103:1f 18446744073709551615 /x\n";
        Mapping m = MapsParser.parse("maps", line).get(0);
        assertThat(m.start()).isEqualTo(0xffffffffL);
        assertThat(m.end()).isEqualTo(-1L);
        assertThat(m.offset()).isEqualTo(-1L);
        assertThat(m.dev()).isEqualTo("103:1f");
        assertThat(Long.toUnsignedString(m.inode())).isEqualTo("18446744073709551615");
        assertThat(m.path()).isEqualTo("/x");
    }

    @Test
    void shouldKeepTabsAndBackslashesInPathVerbatim() throws Exception {
        String line = "1000-2000 r--p 00000000 08:01 12   /a\tb\\012c  d \n";
        assertThat(MapsParser.parse("maps", line).get(0).path()).isEqualTo("/a\tb\\012c  d ");
    }

    @Test
    void shouldShareRepeatedStringsAcrossLines() throws Exception {
        List<Mapping> mappings = parse(Fixtures.SHELL);
        assertThat(mappings.get(1).path()).isSameAs(mappings.get(0).path());
        assertThat(mappings.get(1).dev()).isSameAs(mappings.get(0).dev());
    }

    @Test
    void shouldReturnUnmodifiableList() throws Exception {
        List<Mapping> mappings = parse(Fixtures.SHELL);
        assertThatThrownBy(() -> mappings.remove(0)).isInstanceOf(UnsupportedOperationException.class);
    }

    private static final String GOOD = "7f00-7f01 r-xp 00001000 fe:00 42                 /usr/lib/x.so\n";

    static Stream<Arguments> malformed() {
        Function<String, String> swap = bad -> GOOD.replace("7f00-7f01 r-xp 00001000 fe:00 42", bad);
        return Stream.of(
                Arguments.of("no trailing newline", GOOD.trim()),
                Arguments.of("just a newline", "\n"),
                Arguments.of("truncated in addresses", "7f00-7f\n"),
                Arguments.of("truncated after perms", "7f00-7f01 r-xp\n"),
                Arguments.of("truncated before inode", "7f00-7f01 r-xp 00001000 fe:00\n"),
                Arguments.of("truncated in second line", GOOD + "7f01-7f02 r-"),
                Arguments.of("non-hex start", swap.apply("7g00-7f01 r-xp 00001000 fe:00 42")),
                Arguments.of("non-hex end", swap.apply("7f00-zz r-xp 00001000 fe:00 42")),
                Arguments.of("missing dash", swap.apply("7f00 7f01 r-xp 00001000 fe:00 42")),
                Arguments.of("address beyond 64 bits", swap.apply("1ffffffffffffffff-7f01 r-xp 00001000 fe:00 42")),
                Arguments.of("end below start", swap.apply("7f02-7f01 r-xp 00001000 fe:00 42")),
                Arguments.of("three perms", swap.apply("7f00-7f01 r-x 00001000 fe:00 42")),
                Arguments.of("five perms", swap.apply("7f00-7f01 r-xpp 00001000 fe:00 42")),
                Arguments.of("perm letter out of place", swap.apply("7f00-7f01 xr-p 00001000 fe:00 42")),
                Arguments.of("non-hex offset", swap.apply("7f00-7f01 r-xp 0000100g fe:00 42")),
                Arguments.of("offset beyond 64 bits", swap.apply("7f00-7f01 r-xp 10000000000000000 fe:00 42")),
                Arguments.of("device without colon", swap.apply("7f00-7f01 r-xp 00001000 fe00 42")),
                Arguments.of("device non-hex", swap.apply("7f00-7f01 r-xp 00001000 fx:00 42")),
                Arguments.of("device empty minor", swap.apply("7f00-7f01 r-xp 00001000 fe: 42")),
                Arguments.of("inode non-decimal", swap.apply("7f00-7f01 r-xp 00001000 fe:00 4a")),
                Arguments.of("inode negative", swap.apply("7f00-7f01 r-xp 00001000 fe:00 -42")),
                Arguments.of("inode beyond 64 bits", swap.apply("7f00-7f01 r-xp 00001000 fe:00 18446744073709551616")),
                Arguments.of("huge inode", swap.apply("7f00-7f01 r-xp 00001000 fe:00 99999999999999999999999")),
                Arguments.of("tab instead of space", swap.apply("7f00-7f01\tr-xp 00001000 fe:00 42")),
                Arguments.of("leading space", " " + GOOD),
                Arguments.of("empty line between", GOOD + "\n" + GOOD),
                Arguments.of("status file", "Name:\tbash\nState:\tS (sleeping)\n"),
                Arguments.of("binary garbage", "\u0000\u0001\u0002\u00ff\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void shouldRejectMalformedMaps(String description, String content) {
        assertThatThrownBy(() -> MapsParser.parse("/proc/7/maps", content))
                .isInstanceOf(ProcfsParseException.class)
                .hasMessageStartingWith("/proc/7/maps line ");
    }

    @Test
    void shouldParseTheValidBaseOfTheMalformedCases() throws Exception {
        assertThat(MapsParser.parse("maps", GOOD)).containsExactly(
                Mapping.of(0x7f00, 0x7f01, "r-xp", 0x1000, "fe:00", 42, "/usr/lib/x.so"));
    }

    @Test
    void shouldNameLineNumberAndQuoteIt() {
        assertThatThrownBy(() -> MapsParser.parse("/proc/7/maps", GOOD + GOOD.replace("fe:00", "fe-00")))
                .hasMessage("/proc/7/maps line 2: expected ':' between device major and minor at column 27: "
                        + "\"7f00-7f01 r-xp 00001000 fe-00 42                 /usr/lib/x.so\"");
    }

    @Test
    void shouldAcceptAnonymousLineWithOrWithoutTrailingBlank() throws Exception {
        assertThat(MapsParser.parse("maps", "1000-2000 rw-p 00000000 00:00 0 \n1000-2000 rw-p 00000000 00:00 0\n"))
                .extracting(Mapping::path, Mapping::kind)
                .containsOnly(org.assertj.core.groups.Tuple.tuple("", MappingKind.ANON));
    }
}
