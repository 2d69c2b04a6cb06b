package io.memfleet.collector.procfs;

import static org.assertj.core.api.Assertions.assertThat;

import io.memfleet.testkit.RequiredBinary;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The build-id reader on this machine's own binaries (checked against binutils' readelf) and on bad files. */
class ElfBuildIdTest {

    private static final Pattern READELF_ID = Pattern.compile("Build ID: ([0-9a-f]+)");

    @TempDir
    Path dir;

    @Test
    void shouldReadTheBuildIdReadelfReportsForLs() throws Exception {
        Path ls = Path.of("/bin/ls").toRealPath();
        assertThat(ElfBuildId.ofFile(ls)).isNotNull().isEqualTo(readelf(ls));
    }

    @Test
    void shouldReadTheBuildIdReadelfReportsForThisJvmsJava() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java").toRealPath();
        assertThat(ElfBuildId.ofFile(java)).isNotNull().isEqualTo(readelf(java));
    }

    @Test
    void shouldReadABuildIdGivenToTheLinker() throws Exception {
        Path program = compile("-Wl,--build-id=0x0123456789abcdef0123", "-s");
        assertThat(ElfBuildId.ofFile(program)).isEqualTo("0123456789abcdef0123");
    }

    @Test
    void shouldFindNoBuildIdInAStrippedBinaryLinkedWithoutOne() throws Exception {
        Path program = compile("-Wl,--build-id=none", "-s");
        assertThat(readelf(program)).isNull();
        assertThat(ElfBuildId.ofFile(program)).isNull();
    }

    @Test
    void shouldFindTheBuildIdInSectionsWhenNoSegmentHasIt() throws Exception {
        // A relocatable object has sections only: the note is found through the section headers.
        Path object = dir.resolve("x.o");
        run(RequiredBinary.cCompiler(), "-c", source().toString(), "-o", object.toString());
        Path linked = dir.resolve("x.rel");
        run(RequiredBinary.cCompiler(), "-r", "-nostdlib", "-Wl,--build-id=0xfeedface", object.toString(), "-o",
                linked.toString());
        assertThat(ElfBuildId.ofFile(linked)).isEqualTo("feedface");
    }

    @ParameterizedTest
    @ValueSource(strings = {"LITTLE_ENDIAN/32", "BIG_ENDIAN/32", "LITTLE_ENDIAN/64", "BIG_ENDIAN/64"})
    void shouldReadEveryClassAndByteOrder(String variant) throws Exception {
        ByteOrder order = variant.startsWith("BIG") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        boolean is64 = variant.endsWith("64");
        byte[] elf = minimalElf(is64, order, new byte[] {(byte) 0xab, 0x01, (byte) 0xcd, 0x02});
        assertThat(ElfBuildId.find(ElfBuildId.of(elf))).isEqualTo("ab01cd02");
    }

    @Test
    void shouldReturnNullForEveryTruncationOfAnElfFile() throws Exception {
        byte[] elf = Files.readAllBytes(compile("-Wl,--build-id=0x0123456789abcdef0123", "-s"));
        for (int length = 0; length < 2048; length++) {
            String id = ElfBuildId.find(ElfBuildId.of(Arrays.copyOf(elf, length)));
            assertThat(id).as("first %d bytes", length).isIn(null, "0123456789abcdef0123");
        }
    }

    @Test
    void shouldReturnNullForNonElfAndGarbage() throws Exception {
        assertThat(ElfBuildId.find(ElfBuildId.of("#!/bin/sh\necho hi\n".getBytes(StandardCharsets.US_ASCII)))).isNull();
        assertThat(ElfBuildId.find(ElfBuildId.of(new byte[0]))).isNull();
        Random random = new Random(16);
        for (int i = 0; i < 2000; i++) {
            byte[] garbage = new byte[random.nextInt(512)];
            random.nextBytes(garbage);
            if (garbage.length > 4) {
                garbage[0] = 0x7f;
                garbage[1] = 'E';
                garbage[2] = 'L';
                garbage[3] = 'F';
                garbage[4] = (byte) (1 + random.nextInt(2));
            }
            ElfBuildId.find(ElfBuildId.of(garbage)); // must not throw
        }
    }

    @Test
    void shouldNotReadMoreThanItsBudgetWhateverTheHeadersClaim() throws Exception {
        byte[] elf = minimalElf(true, ByteOrder.LITTLE_ENDIAN, new byte[] {1, 2, 3, 4});
        ByteBuffer header = ByteBuffer.wrap(elf).order(ByteOrder.LITTLE_ENDIAN);
        header.putShort(0x38, (short) 0xffff); // 65,535 program headers
        long[] read = {0};
        ElfBuildId.Source counting = (position, length) -> {
            read[0] += length;
            return ElfBuildId.of(elf).read(position, length);
        };
        assertThat(ElfBuildId.find(counting)).isNull();
        assertThat(read[0]).isLessThanOrEqualTo(ElfBuildId.MAX_BYTES_READ);
    }

    /** An ELF header, one PT_NOTE program header and one NT_GNU_BUILD_ID note: all the reader needs. */
    static byte[] minimalElf(boolean is64, ByteOrder order, byte[] id) {
        int headerSize = is64 ? 64 : 52;
        int phSize = is64 ? 56 : 32;
        int noteAt = headerSize + phSize;
        int noteSize = 12 + 4 + id.length;
        ByteBuffer b = ByteBuffer.allocate(noteAt + noteSize).order(order);
        b.put(new byte[] {0x7f, 'E', 'L', 'F', (byte) (is64 ? 2 : 1), (byte) (order == ByteOrder.LITTLE_ENDIAN ? 1 : 2), 1});
        if (is64) {
            b.putLong(0x20, headerSize).putShort(0x36, (short) phSize).putShort(0x38, (short) 1);
            b.putInt(headerSize, 4).putLong(headerSize + 8, noteAt).putLong(headerSize + 0x20, noteSize)
                    .putLong(headerSize + 0x30, 4);
        } else {
            b.putInt(0x1C, headerSize).putShort(0x2A, (short) phSize).putShort(0x2C, (short) 1);
            b.putInt(headerSize, 4).putInt(headerSize + 4, noteAt).putInt(headerSize + 16, noteSize)
                    .putInt(headerSize + 28, 4);
        }
        b.putInt(noteAt, 4).putInt(noteAt + 4, id.length).putInt(noteAt + 8, 3);
        b.put(noteAt + 12, new byte[] {'G', 'N', 'U', 0}).put(noteAt + 16, id);
        return b.array();
    }

    private Path compile(String... flags) throws Exception {
        Path program = dir.resolve("p" + System.nanoTime());
        List<String> command = new java.util.ArrayList<>(List.of(RequiredBinary.cCompiler(), "-O2"));
        command.addAll(List.of(flags));
        command.addAll(List.of(source().toString(), "-o", program.toString()));
        run(command.toArray(String[]::new));
        return program;
    }

    private Path source() throws IOException {
        Path source = dir.resolve("p.c");
        Files.writeString(source, "int main(void) { return 0; }\n");
        return source;
    }

    /** What binutils says, or null when it finds no build id. */
    private static String readelf(Path file) throws Exception {
        String readelf = RequiredBinary.find("memfleet.test.readelf", List.of("/usr/bin/readelf"),
                "Debian's binutils (gcc depends on it)");
        Matcher id = READELF_ID.matcher(run(readelf, "-n", file.toString()));
        return id.find() ? id.group(1) : null;
    }

    private static String run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("%s: %s", String.join(" ", command), output).isZero();
        return output;
    }
}
