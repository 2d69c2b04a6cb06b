package io.memfleet.collector.procfs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MapsDigestTest {

    @Test
    void shouldBeFirst16BytesOfSha256InHex() {
        // Expected values from: python3 -c "import hashlib; print(hashlib.sha256(open(f,'rb').read()).hexdigest()[:32])"
        assertThat(MapsDigest.of(Fixtures.bytes(Fixtures.C_PROGRAM, "maps"))).isEqualTo("c24484e16720a49aac912afb6224dde6");
        assertThat(MapsDigest.of(Fixtures.bytes(Fixtures.JVM, "maps"))).isEqualTo("ca8b372beb231722b66e8fd24be91a21");
        assertThat(MapsDigest.of(new byte[0])).isEqualTo("e3b0c44298fc1c149afbf4c8996fb924");
    }

    @Test
    void shouldChangeWithAnyByte() {
        byte[] maps = Fixtures.bytes(Fixtures.SHELL, "maps");
        String before = MapsDigest.of(maps);
        maps[maps.length - 2] ^= 1;
        assertThat(MapsDigest.of(maps)).hasSize(32).isNotEqualTo(before);
    }

    @Test
    void shouldSeeBytesThatUtf8DecodingWouldMerge() {
        byte[] a = "/tmp/\u00ff\n".getBytes(StandardCharsets.ISO_8859_1);
        byte[] b = "/tmp/\u00fe\n".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(new String(a, StandardCharsets.UTF_8)).isEqualTo(new String(b, StandardCharsets.UTF_8));
        assertThat(MapsDigest.of(a)).isNotEqualTo(MapsDigest.of(b));
    }
}
