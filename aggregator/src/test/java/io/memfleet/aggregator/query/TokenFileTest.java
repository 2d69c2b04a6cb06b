package io.memfleet.aggregator.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** One test per way a token file can be wrong; the token never shows in a message. */
class TokenFileTest {

    private static final String TOKEN = "c0ffee00c0ffee00c0ffee00c0ffee00";

    @TempDir
    Path dir;

    private Path file(String content, String mode) throws Exception {
        Path file = dir.resolve("token");
        Files.writeString(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
        return file;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"rw-------", "r--------", "rw-r-----", "r--r-----"})
    void shouldReadATokenOnlyItsOwnerAndGroupCanRead(String mode) throws Exception {
        assertThat(TokenFile.read(file(TOKEN + "\n", mode))).isEqualTo(TOKEN);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"rw-r--r--", "rw----r--", "rw-----w-", "rw-rw----"})
    void shouldRefuseAFileOpenToOthers(String mode) throws Exception {
        assertThatThrownBy(() -> TokenFile.read(file(TOKEN, mode)))
                .hasMessageContaining("is open to others (" + mode + "): chmod 600")
                .hasMessageNotContaining(TOKEN);
    }

    @Test
    void shouldRefuseAMissingFile() {
        assertThatThrownBy(() -> TokenFile.read(dir.resolve("nope"))).hasMessage("does not exist");
        assertThatThrownBy(() -> TokenFile.read(dir)).hasMessage("is not a regular file");
    }

    @Test
    void shouldRefuseAnEmptyFile() throws Exception {
        assertThatThrownBy(() -> TokenFile.read(file(" \n", "rw-------"))).hasMessageStartingWith("is empty");
    }

    @Test
    void shouldRefuseAShortToken() throws Exception {
        assertThatThrownBy(() -> TokenFile.read(file("abc123", "rw-------")))
                .hasMessageStartingWith("holds a token of 6 characters: at least 16");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {TOKEN + " " + TOKEN, TOKEN + "\"", "tökentökentökentöken"})
    void shouldRefuseCharactersATokenCannotHave(String content) throws Exception {
        assertThatThrownBy(() -> TokenFile.read(file(content, "rw-------")))
                .hasMessageStartingWith("holds characters a bearer token cannot have")
                .hasMessageNotContaining(TOKEN);
    }

    @Test
    void shouldRefuseTwoLines() throws Exception {
        assertThatThrownBy(() -> TokenFile.read(file(TOKEN + "\n" + TOKEN + "\n", "rw-------")))
                .hasMessage("holds more than one line: expected one token");
    }
}
