package io.memfleet.aggregator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memfleet.aggregator.query.ApiSecurity;
import io.memfleet.aggregator.topology.HostLimits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad values stop the aggregator at start with a message that names the key. */
class AggregatorConfigTest {

    private static AggregatorConfig config(String... keyValues) {
        Map<String, Object> settings = new HashMap<>();
        settings.put(AggregatorConfig.BOOTSTRAP_SERVERS, "localhost:9092");
        for (int i = 0; i < keyValues.length; i += 2) {
            settings.put(keyValues[i], keyValues[i + 1]);
        }
        return new AggregatorConfig(settings);
    }

    @Test
    void shouldRunBothDetectorsByDefault() {
        assertThat(Detectors.configured(config()).isEmpty()).isFalse();
        assertThat(Detectors.configured(config(DetectorConfig.HEAP_ENABLED, "false", DetectorConfig.EXEC_ENABLED,
                "false")).isEmpty()).isTrue();
    }

    @Test
    void shouldNameAnUnknownKey() {
        assertThatThrownBy(() -> config("detect.heap.windw.ms", "1"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("detect.heap.windw.ms");
    }

    @Test
    void shouldNameABadValue() {
        assertThatThrownBy(() -> config(DetectorConfig.HEAP_SIGNIFICANCE, "2"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("Invalid value 2.0 for configuration detect.heap.significance");
        assertThatThrownBy(() -> config(DetectorConfig.EXEC_ALLOW_PATHS, "^/opt/(x"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("detect.exec.allow.paths")
                .hasMessageContaining("not a regular expression");
    }

    @Test
    void shouldRefuseRollupsKeptShorterThanRawSamples() {
        assertThatThrownBy(() -> config(AggregatorConfig.HISTORY_RAW_RETENTION_MS, "86400000",
                AggregatorConfig.HISTORY_ROLLUP_RETENTION_MS, "3600000"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("history.rollup.retention.ms=3600000 must be at least history.raw.retention.ms=86400000: "
                        + "rollups are made from raw samples, so they cannot be dropped sooner");
    }

    @Test
    void shouldRefuseAClockSkewToleranceAsLongAsTheRawRetention() {
        assertThatThrownBy(() -> config(AggregatorConfig.HISTORY_RAW_RETENTION_MS, "3600000",
                AggregatorConfig.CLOCK_SKEW_TOLERANCE_MS, "3600000"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("clock.skew.tolerance.ms=3600000 must be below history.raw.retention.ms=3600000: "
                        + "a record may be late by at most the retention less the tolerance");
    }

    @Test
    void shouldRefuseANegativeClockSkewTolerance() {
        assertThatThrownBy(() -> config(AggregatorConfig.CLOCK_SKEW_TOLERANCE_MS, "-1"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("Invalid value -1 for configuration clock.skew.tolerance.ms");
    }

    @Test
    void shouldRefuseZeroMaxProcessesPerHost() {
        assertThatThrownBy(() -> config(AggregatorConfig.HOST_MAX_PROCESSES, "0"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("Invalid value 0 for configuration host.max.processes");
    }

    @Test
    void shouldRefuseMaxExitedProcessesPerHostThatIsNotANumber() {
        assertThatThrownBy(() -> config(AggregatorConfig.HOST_MAX_EXITED_PROCESSES, "many"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("host.max.exited.processes");
    }

    @Test
    void shouldRefuseAPendingMappingCapBelowOnePartAndRoom() {
        assertThatThrownBy(() -> config(AggregatorConfig.HOST_MAX_PENDING_MAPPING_BYTES, "524288"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("Invalid value 524288 for configuration host.max.pending.mapping.bytes");
    }

    @Test
    void shouldTakeThePendingMappingCap() {
        assertThat(config(AggregatorConfig.HOST_MAX_PENDING_MAPPING_BYTES, "8388608").history().limits()
                .maxPendingPartBytes()).isEqualTo(8L << 20);
    }

    @Test
    void shouldTakeTheHostLimits() {
        assertThat(config(AggregatorConfig.HOST_MAX_PROCESSES, "500", AggregatorConfig.HOST_MAX_EXITED_PROCESSES, "50")
                .history().limits()).isEqualTo(new HostLimits(500, 50));
        assertThat(config().history().limits()).isEqualTo(HostLimits.DEFAULTS);
    }

    @Test
    void shouldTakeTheClockSkewTolerance() {
        assertThat(config(AggregatorConfig.CLOCK_SKEW_TOLERANCE_MS, "60000").history().clockSkewTolerance())
                .isEqualTo(Duration.ofMinutes(1));
        assertThat(config().history().clockSkewTolerance()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void shouldRefuseANegativeRawRetention() {
        assertThatThrownBy(() -> config(AggregatorConfig.HISTORY_RAW_RETENTION_MS, "-1"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("Invalid value -1 for configuration history.raw.retention.ms");
    }

    @Test
    void shouldRefuseARollupIntervalLongerThanADay() {
        assertThatThrownBy(() -> config(AggregatorConfig.HISTORY_ROLLUP_INTERVAL_MS, "86400001"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("Invalid value 86400001 for configuration history.rollup.interval.ms");
    }

    @Test
    void shouldRefuseAnHttpPortOutOfRange() {
        assertThatThrownBy(() -> config(AggregatorConfig.HTTP_PORT, "80800"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("Invalid value 80800 for configuration http.port");
    }

    @Test
    void shouldSuggestTheKeyAnUnknownOneIsATypoOf() {
        assertThatThrownBy(() -> config("history.raw.retention", "1"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("unknown configuration key history.raw.retention (did you mean history.raw.retention.ms?)");
    }

    @Test
    void shouldPassKafkaKeysThrough() {
        assertThat(config("kafka.num.stream.threads", "4").streamsOverrides()).containsEntry("num.stream.threads", "4");
    }

    @Test
    void shouldServePlainHttpWithoutAuthenticationByDefault() {
        ApiSecurity security = config().apiSecurity();

        assertThat(security.token()).isNull();
        assertThat(security.tls()).isFalse();
        assertThat(config().httpHost()).isEqualTo("127.0.0.1");
    }

    @Test
    void shouldNameEveryBadSecurityFileAtOnce(@TempDir Path dir) {
        assertThatThrownBy(() -> config(AggregatorConfig.HTTP_AUTH_TOKEN_FILE, dir.resolve("token").toString(),
                AggregatorConfig.HTTP_TLS_KEYSTORE_FILE, dir.resolve("api.p12").toString(),
                AggregatorConfig.HTTP_TLS_KEYSTORE_PASSWORD, "secret-pw").apiSecurity())
                .isInstanceOf(ConfigException.class)
                .hasMessage(AggregatorConfig.HTTP_AUTH_TOKEN_FILE + "=" + dir.resolve("token") + " does not exist; "
                        + AggregatorConfig.HTTP_TLS_KEYSTORE_FILE + "=" + dir.resolve("api.p12") + " does not exist");
    }

    @Test
    void shouldRefuseATrustStoreWithoutTls(@TempDir Path dir) throws Exception {
        Path garbage = Files.writeString(dir.resolve("trust.p12"), "not a key store");
        assertThatThrownBy(() -> config(AggregatorConfig.HTTP_TLS_TRUSTSTORE_FILE, garbage.toString()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("http.tls.truststore.file is set but http.tls.keystore.file is not");
    }

    @Test
    void shouldNameAnUnreadableTrustStore(@TempDir Path dir) throws Exception {
        Path garbage = Files.writeString(dir.resolve("trust.p12"), "not a key store");
        assertThatThrownBy(() -> config(AggregatorConfig.HTTP_TLS_KEYSTORE_FILE, garbage.toString(),
                AggregatorConfig.HTTP_TLS_TRUSTSTORE_FILE, garbage.toString()).apiSecurity())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("http.tls.truststore.file=" + garbage + " cannot be read as a PKCS12 or JKS key store");
    }

    @Test
    void shouldNeverLogTheKeyStorePassword() {
        AggregatorConfig config = config(AggregatorConfig.HTTP_TLS_KEYSTORE_PASSWORD, "hunter2-hunter2");
        assertThat(config.values().get(AggregatorConfig.HTTP_TLS_KEYSTORE_PASSWORD).toString()).isEqualTo("[hidden]");
    }
}
