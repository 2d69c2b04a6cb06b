package io.memfleet.collector.procfs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** How I/O failures become reasons; the JDK's texts are strerror(3)'s, as the JDK reports a failed read. */
class ProcFilesTest {

    private static final Path FILE = Path.of("/proc/42/maps");

    private static ProcfsException.Reason reasonFor(IOException e) {
        return ProcFiles.classify(FILE, e).reason();
    }

    @Test
    void shouldCallMissingFileGone() {
        assertThat(reasonFor(new NoSuchFileException(FILE.toString()))).isEqualTo(ProcfsException.Reason.GONE);
    }

    @Test
    void shouldCallEsrchDuringReadGone() {
        assertThat(reasonFor(new IOException("No such process"))).isEqualTo(ProcfsException.Reason.GONE);
    }

    @Test
    void shouldCallAccessDeniedUnreadable() {
        assertThat(reasonFor(new AccessDeniedException(FILE.toString()))).isEqualTo(ProcfsException.Reason.UNREADABLE);
    }

    @Test
    void shouldCallEpermAndOtherErrorsUnreadable() {
        assertThat(reasonFor(new IOException("Operation not permitted"))).isEqualTo(ProcfsException.Reason.UNREADABLE);
        assertThat(reasonFor(new IOException("Is a directory"))).isEqualTo(ProcfsException.Reason.UNREADABLE);
        assertThat(reasonFor(new FileSystemException(FILE.toString(), null, "Input/output error")))
                .isEqualTo(ProcfsException.Reason.UNREADABLE);
        assertThat(reasonFor(new IOException())).isEqualTo(ProcfsException.Reason.UNREADABLE);
    }

    @Test
    void shouldKeepCauseAndNameFile() {
        IOException cause = new IOException("No such process");
        ProcfsException e = ProcFiles.classify(FILE, cause);
        assertThat(e).isInstanceOf(ProcessGoneException.class).hasCause(cause).hasMessageContaining("/proc/42/maps");
    }
}
