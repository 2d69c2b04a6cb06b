package io.memfleet.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memfleet.common.Cli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** Bad settings stop {@code memfleet alerts} at start with one line naming the key, exit 2. */
class AlertsConfigTest {

    private static AlertsConfig config(String... keyValues) {
        Map<String, Object> settings = new HashMap<>();
        settings.put(AlertsConfig.BOOTSTRAP_SERVERS, "localhost:9092");
        settings.put(AlertsConfig.ALERTMANAGER_URLS, "http://127.0.0.1:9093");
        for (int i = 0; i < keyValues.length; i += 2) {
            settings.put(keyValues[i], keyValues[i + 1]);
        }
        return new AlertsConfig(settings);
    }

    @Test
    void shouldDefaultToItsOwnGroupAndTheAnomaliesTopic() {
        AlertsConfig config = config();
        assertThat(config.groupId()).isEqualTo("memfleet-alerts");
        assertThat(config.topic()).isEqualTo("memfleet.anomalies");
        assertThat(config.alertsEndpoints()).containsExactly(URI.create("http://127.0.0.1:9093/api/v2/alerts"));
        assertThat(config.mapping().firingTimeout()).isGreaterThan(config.resendInterval());
    }

    @Test
    void shouldTakeSeveralAlertmanagersWithRoutePrefixesOrFullEndpoints() {
        AlertsConfig config = config(AlertsConfig.ALERTMANAGER_URLS,
                "http://am-a:9093/, https://gw.example/alertmanager, http://am-c:9093/api/v2/alerts");
        assertThat(config.alertsEndpoints()).containsExactly(URI.create("http://am-a:9093/api/v2/alerts"),
                URI.create("https://gw.example/alertmanager/api/v2/alerts"), URI.create("http://am-c:9093/api/v2/alerts"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost:9093", "ftp://am:21", "http://", "http://am:9093/?x=1", "http://a b:9093",
            "http://user:pw@am:9093", ""})
    void shouldNameABadAlertmanagerUrl(String url) {
        assertThatThrownBy(() -> config(AlertsConfig.ALERTMANAGER_URLS, url)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("alertmanager.urls").hasMessageContaining("http://127.0.0.1:9093");
    }

    @Test
    void shouldServeNoMetricsUnlessAPortIsGivenAndBindToLoopback() {
        assertThat(config().metricsPort()).isZero();
        assertThat(config().metricsHost()).isEqualTo("127.0.0.1");
        assertThat(config(AlertsConfig.METRICS_PORT, "9401").metricsPort()).isEqualTo(9401);
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "65536", "http"})
    void shouldNameABadMetricsPort(String port) {
        assertThatThrownBy(() -> config(AlertsConfig.METRICS_PORT, port)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("Invalid value " + port + " for configuration metrics.port");
    }

    @Test
    void shouldRefuseAFiringTimeoutThatExpiresAlertsBetweenTwoSends() {
        assertThatThrownBy(() -> config(AlertsConfig.RESEND_INTERVAL_MS, "60000", AlertsConfig.FIRING_TIMEOUT_MS,
                "60000")).isInstanceOf(ConfigException.class).hasMessageContaining("firing.timeout.ms")
                .hasMessageContaining("resend.interval.ms=60000");
    }

    @Test
    void shouldRefuseABackoffCapBelowTheFirstWait() {
        assertThatThrownBy(() -> config(AlertsConfig.RETRY_BACKOFF_MS, "5000", AlertsConfig.RETRY_BACKOFF_MAX_MS, "1000"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("retry.backoff.max.ms");
    }

    @Test
    void shouldNameAnUnknownKeyButPassKafkaKeysThrough() {
        assertThatThrownBy(() -> config("resend.intervl.ms", "1")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("resend.intervl.ms");
        assertThat(config("kafka.security.protocol", "SSL").consumerOverrides())
                .containsEntry("security.protocol", "SSL");
    }

    @Test
    void shouldExitTwoWithOneLineForABadUrlFlag() {
        StringWriter err = new StringWriter();
        CommandLine commandLine = Cli.commandLine(new AlertsCommand()).setErr(new PrintWriter(err));
        int exit = commandLine.execute("--bootstrap-servers", "localhost:9092", "--alertmanager",
                "localhost:9093", "--config", "/dev/null");
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString().strip()).doesNotContain("\n")
                .startsWith("memfleet alerts: configuration error: Invalid value localhost:9093 for configuration "
                        + "alertmanager.urls");
    }

    @Test
    void shouldExitTwoWhenNoAlertmanagerIsGiven() {
        StringWriter err = new StringWriter();
        int exit = Cli.commandLine(new AlertsCommand()).setErr(new PrintWriter(err))
                .execute("--bootstrap-servers", "localhost:9092", "--config", "/dev/null");
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("no Alertmanager given: pass --alertmanager URL");
    }

    @Test
    void shouldNameABadAggregatorUrl() {
        assertThatThrownBy(() -> config(AlertsConfig.AGGREGATOR_URL, "aggregator:8080"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("Invalid value aggregator:8080 for configuration aggregator.url");
    }

    @Test
    void shouldNameEveryProblemAtOnce() {
        assertThatThrownBy(() -> config(AlertsConfig.RESEND_INTERVAL_MS, "60000", AlertsConfig.FIRING_TIMEOUT_MS,
                "30000", AlertsConfig.EVIDENCE_MAX_CHARS, "10", "group.idd", "x"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("3 problems")
                .hasMessageContaining("Invalid value 10 for configuration evidence.max.chars")
                .hasMessageContaining("unknown configuration key group.idd (did you mean group.id?)")
                .hasMessageContaining("Invalid value 30000 for configuration firing.timeout.ms: must be longer than "
                        + "resend.interval.ms=60000");
    }

    @Test
    void shouldListEveryConfigKeyInHelp() {
        String help = new CommandLine(new AlertsCommand()).getUsageMessage();

        assertThat(AlertsConfig.KEYS.definition().names())
                .allSatisfy(key -> assertThat(help).contains("  " + key + " ("));
        assertThat(help).contains("  kafka.*");
    }
}
