package io.memfleet.collector.procfs;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/** The captured procfs files in {@code src/test/resources/procfs/<case>/}; see the README there. */
final class Fixtures {

    static final String KTHREADD = "kthreadd";
    static final String JVM = "jvm-sleeper";
    static final String C_PROGRAM = "c-deleted-memfd-spaces";
    static final String SHELL = "shell-escaped-name-vsyscall";
    static final String SYNTHETIC_ANON = "synthetic-anon-name";

    /** The cases with all three files, i.e. every real capture. */
    static final List<String> CAPTURED = List.of(KTHREADD, JVM, C_PROGRAM, SHELL);

    private Fixtures() {
    }

    static byte[] bytes(String caseName, String file) {
        String resource = "/procfs/" + caseName + "/" + file;
        try (InputStream in = Fixtures.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String text(String caseName, String file) {
        return new String(bytes(caseName, file), StandardCharsets.UTF_8);
    }

    static Path dir(String caseName) {
        URL url = Fixtures.class.getResource("/procfs/" + caseName);
        if (url == null) {
            throw new IllegalArgumentException("no fixture folder " + caseName);
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
