package io.memfleet.collector.procfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.FileNotFoundException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The allocation-free read path: shared buffers, byte-level maps parsing, and what NIO would have said on errors. */
class ProcfsFastPathTest {

    private static final String LINE = "7f1194ecc000-7f1194ece000 r--s 00000000 fe:00 2146580     /tmp/a b\n";

    @Test
    void shouldIgnoreBytesAfterLength() throws Exception {
        byte[] good = (LINE + LINE).getBytes(StandardCharsets.UTF_8);
        byte[] padded = Arrays.copyOf(good, good.length + 16);
        Arrays.fill(padded, good.length, padded.length, (byte) 'f');
        assertThat(MapsParser.parse("maps", padded, good.length)).isEqualTo(MapsParser.parse("maps", LINE + LINE));
        assertThat(MapsDigest.of(padded, good.length)).isEqualTo(MapsDigest.of(good));
    }

    @Test
    void shouldStillSeeTruncationWhenBytesFollowLength() {
        byte[] cut = Arrays.copyOf(LINE.getBytes(StandardCharsets.UTF_8), LINE.length() + 8);
        assertThatThrownBy(() -> MapsParser.parse("maps", cut, LINE.length() - 1))
                .isInstanceOf(ProcfsParseException.class).hasMessageContaining("truncated");
    }

    @Test
    void shouldDecodePathAsTheWholeFileWouldBe() throws Exception {
        byte[] raw = "00400000-00452000 r-xp 00000000 08:02 173521 /tmp/\u00ff\u00fe x\n"
                .getBytes(StandardCharsets.ISO_8859_1);
        String decoded = new String(raw, StandardCharsets.UTF_8);
        assertThat(MapsParser.parse("maps", raw).get(0).path())
                .isEqualTo(decoded.substring(decoded.indexOf("/tmp/"), decoded.length() - 1));
    }

    @Test
    void shouldReportColumnsAndCharactersAsInTheDecodedLine() {
        byte[] raw = "00400000-00452000 r\u00e9xp 00000000 08:02 1 /x\n".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> MapsParser.parse("maps", raw))
                .hasMessageContaining("found \"\u00e9\" at column 20");
    }

    @Test
    void shouldReadFilesLargerThanTheBuffer(@TempDir Path dir) throws Exception {
        byte[] big = new byte[200_000];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) i;
        }
        Path file = Files.write(dir.resolve("maps"), big);
        assertThat(ProcFiles.read(file)).isEqualTo(big);
        assertThat(ProcFiles.read(Files.write(dir.resolve("stat"), new byte[0]))).isEmpty();
    }

    @Test
    void shouldSortOpenFailuresAsNioWould(@TempDir Path dir) {
        assertThatThrownBy(() -> ProcFiles.read(dir.resolve("gone")))
                .isInstanceOf(ProcessGoneException.class).hasCauseInstanceOf(NoSuchFileException.class);
        assertThatThrownBy(() -> ProcFiles.read(dir))
                .isInstanceOf(ProcfsUnreadableException.class).hasMessage(dir + ": cannot read (Is a directory)");
        Path file = dir.resolve("maps");
        assertThat(ProcFiles.openFailure(file, new FileNotFoundException(file + " (Permission denied)")))
                .isInstanceOf(AccessDeniedException.class).hasMessage(file.toString());
        assertThat(ProcFiles.openFailure(file, new FileNotFoundException(file + " (No such process)")))
                .isInstanceOf(FileSystemException.class).hasMessage(file + ": No such process");
        assertThat(ProcFiles.classify(file,
                ProcFiles.openFailure(file, new FileNotFoundException(file + " (No such process)"))).reason())
                .isEqualTo(ProcfsException.Reason.GONE);
    }
}
