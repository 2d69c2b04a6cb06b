package io.memfleet.collector.procfs;

import static org.assertj.core.api.Assertions.assertThat;

import io.memfleet.schema.Mapping;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * Property-based: any line the kernel could write parses back to exactly its fields, and any
 * input at all gives a list or a {@link ProcfsParseException}, nothing else.
 */
class MapsParserPropertiesTest {

    record Line(long start, long end, String perms, long offset, int major, int minor, long inode, String path) {
        /** As {@code show_map_vma} writes it: padding after the inode only when there is a path. */
        String kernelText() {
            String prefix = String.format("%08x-%08x %s %08x %02x:%02x %d ", start, end, perms, offset, major, minor,
                    inode);
            return path.isEmpty() ? prefix + "\n" : prefix + " ".repeat(Math.max(1, 73 - prefix.length())) + path + "\n";
        }
    }

    @Provide
    Arbitrary<List<Line>> mapsFiles() {
        return line().list().ofMaxSize(20);
    }

    private static Arbitrary<Line> line() {
        Arbitrary<Long> start = Arbitraries.longs().between(0, Long.MAX_VALUE / 2);
        Arbitrary<Long> length = Arbitraries.longs().between(1, 1L << 40);
        Arbitrary<String> perms = Combinators.combine(Arbitraries.of("r", "-"), Arbitraries.of("w", "-"),
                Arbitraries.of("x", "-"), Arbitraries.of("p", "s")).as((r, w, x, p) -> r + w + x + p);
        Arbitrary<Long> offset = Arbitraries.longs().between(0, 1L << 40);
        Arbitrary<Integer> device = Arbitraries.integers().between(0, 255);
        Arbitrary<Long> inode = Arbitraries.longs().between(0, Long.MAX_VALUE);
        // Any byte but NUL and newline, including spaces anywhere (leading ones are kernel padding, so not first).
        Arbitrary<String> path = Arbitraries.oneOf(
                Arbitraries.of("", "[heap]", "[stack]", "[vdso]", "[vvar]", "[anon:libc_malloc]", "/memfd:jit (deleted)"),
                Arbitraries.strings().withCharRange(' ', '~').withChars('é', '\t').ofMinLength(1).ofMaxLength(60)
                        .map(s -> "/" + s));
        return Combinators.combine(start, length, perms, offset, device, device, inode, path)
                .as((s, len, p, o, major, minor, i, pa) -> new Line(s, s + len, p, o, major, minor, i, pa));
    }

    @Property(tries = 2000)
    void shouldParseEveryKernelLineBackToItsFields(@ForAll("mapsFiles") List<Line> lines)
            throws ProcfsParseException {
        StringBuilder text = new StringBuilder();
        lines.forEach(line -> text.append(line.kernelText()));

        List<Mapping> parsed = MapsParser.parse("generated", text.toString());

        assertThat(parsed).hasSize(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            Line line = lines.get(i);
            Mapping mapping = parsed.get(i);
            assertThat(mapping.start()).isEqualTo(line.start());
            assertThat(mapping.end()).isEqualTo(line.end());
            assertThat(mapping.perms()).isEqualTo(line.perms());
            assertThat(mapping.offset()).isEqualTo(line.offset());
            assertThat(mapping.dev()).isEqualTo(String.format("%02x:%02x", line.major(), line.minor()));
            assertThat(mapping.inode()).isEqualTo(line.inode());
            assertThat(mapping.path()).isEqualTo(line.path());
        }
    }

    @Property(tries = 3000)
    void shouldThrowNothingButItsOwnParseException(@ForAll @Size(max = 300) String anything) {
        try {
            MapsParser.parse("generated", anything);
        } catch (ProcfsParseException expected) {
            assertThat(expected.reason()).isEqualTo(ProcfsException.Reason.MALFORMED);
        }
    }

    @Property(tries = 3000)
    void shouldThrowNothingButItsOwnParseExceptionOnStatusAndStat(@ForAll @Size(max = 300) String anything) {
        try {
            ProcStatusParser.parse("generated", anything);
        } catch (ProcfsParseException expected) {
            assertThat(expected.getMessage()).contains("generated");
        }
        try {
            ProcStatParser.parse("generated", anything);
        } catch (ProcfsParseException expected) {
            assertThat(expected.getMessage()).contains("generated");
        }
    }
}
