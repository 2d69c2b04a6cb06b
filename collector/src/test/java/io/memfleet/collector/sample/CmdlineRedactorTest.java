package io.memfleet.collector.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CmdlineRedactorTest {

    private final CmdlineRedactor redactor = new CmdlineRedactor(CmdlineRedactor.DEFAULT_SECRET_NAMES);

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "--password=hunter2|--password=***",
        "--db-password=hunter2|--db-password=***",
        "-Djavax.net.ssl.keyStorePassword=changeit|-Djavax.net.ssl.keyStorePassword=***",
        "--accessToken=t|--accessToken=***",
        "--tokenizer=bpe|--tokenizer=bpe",
        "--api_key=abc123|--api_key=***",
        "--github-token=ghp_x|--github-token=***",
        "DB_PASSWORD=s3cret|DB_PASSWORD=***",
        "AWS_SECRET=abc|AWS_SECRET=***",
        "--basic-auth=user:pw|--basic-auth=***",
        "postgres://app:s3cret@db:5432/x|postgres://app:***@db:5432/x",
        "--url=https://u:p@host/path|--url=https://u:***@host/path",
        "--monkey=banana|--monkey=banana",
        "--keyfile=/etc/k.pem|--keyfile=/etc/k.pem",
        "-Xmx1g|-Xmx1g",
        "/usr/bin/java|/usr/bin/java",
    })
    void shouldRedactSecretLookingValuesOnly(String arg, String expected) {
        assertThat(redactor.redact(List.of(arg))).containsExactly(expected);
    }

    @Test
    void shouldRedactTheValueThatFollowsASecretOption() {
        assertThat(redactor.redact(List.of("mysql", "--password", "hunter2", "--user", "root")))
                .containsExactly("mysql", "--password", "***", "--user", "root");
    }

    @Test
    void shouldLetTheOperatorChooseTheNames() {
        CmdlineRedactor custom = new CmdlineRedactor("pin");
        assertThat(custom.redact(List.of("--pin=1234", "--password=x"))).containsExactly("--pin=***", "--password=x");
    }

    @Test
    void shouldSplitCmdlineOnNulAndCapItsSize() {
        byte[] raw = "java\0-jar\0app with spaces.jar\0".getBytes(StandardCharsets.UTF_8);
        assertThat(CmdlineReader.split(raw)).containsExactly("java", "-jar", "app with spaces.jar");
        assertThat(CmdlineReader.split(new byte[0])).as("a kernel thread has no command line").isEmpty();

        byte[] huge = new byte[CmdlineReader.MAX_BYTES * 3];
        java.util.Arrays.fill(huge, (byte) 'a');
        assertThat(String.join("", CmdlineReader.split(huge))).hasSize(CmdlineReader.MAX_BYTES);
    }
}
