package io.memfleet.cli.query;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ApiPathTest {

    @Test
    void shouldEncodeEverySegmentSoAnyHostIdStaysOneSegment() {
        assertThat(ApiPath.of("api", "hosts", "web 1/a+b%c?d#e&f", "processes").encoded())
                .isEqualTo("/api/hosts/web%201%2Fa%2Bb%25c%3Fd%23e%26f/processes");
        assertThat(ApiPath.of("api", "hosts", "héte").encoded()).isEqualTo("/api/hosts/h%C3%A9te");
    }

    @Test
    void shouldEncodeParametersInOrderAndLeaveOutAbsentOnes() {
        assertThat(ApiPath.of("api", "anomalies").param("hostId", "a b&c=d").param("type", null)
                .param("since", "2026-11-30T10:00:00Z").param("n", 5).encoded())
                .isEqualTo("/api/anomalies?hostId=a%20b%26c%3Dd&since=2026-11-30T10%3A00%3A00Z&n=5");
    }
}
