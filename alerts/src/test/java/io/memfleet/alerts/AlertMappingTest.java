package io.memfleet.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.memfleet.aggregator.detect.exec.MapsLine;
import io.memfleet.schema.Anomaly;
import io.memfleet.schema.AnomalyStatus;
import io.memfleet.schema.AnomalyType;
import io.memfleet.schema.Mapping;
import io.memfleet.schema.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Anomaly to Alertmanager v2 alert: labels, annotations, times, and the identity FIRING and RESOLVED share. */
class AlertMappingTest {

    static final AlertMapping.Settings SETTINGS = new AlertMapping.Settings(Duration.ofMinutes(5), 200, null);
    static final Instant DETECTED = Instant.parse("2026-11-30T10:00:00Z");
    static final String MEMFD_LINE = MapsLine.of(Mapping.of(0x7f3a1c000000L, 0x7f3a1c001000L, "r-xp", 0, "00:01",
            2049, "/memfd:payload (deleted)"));

    static Anomaly anomaly(AnomalyStatus status, String id, String processName, Map<String, String> evidence,
                           long detectedAt) {
        return new Anomaly(id, AnomalyType.FILELESS_EXEC, Severity.HIGH, status, "3d1219c7c4c5", "web-1", 4242, 987654,
                processName, detectedAt, "e2e-fileless (pid 4242) is executing code from a memfd.", evidence);
    }

    static Anomaly firing() {
        Map<String, String> evidence = new LinkedHashMap<>();
        evidence.put("rule", "fileless.memfd");
        evidence.put("mapping", MEMFD_LINE);
        return anomaly(AnomalyStatus.FIRING, "f1", "e2e-fileless", evidence, DETECTED.toEpochMilli());
    }

    static Anomaly resolved(String processName) {
        Map<String, String> evidence = new LinkedHashMap<>();
        evidence.put("rule", "fileless.memfd");
        evidence.put("mapping", MEMFD_LINE);
        evidence.put("resolution", "the process exited");
        return anomaly(AnomalyStatus.RESOLVED, "r1", processName, evidence, DETECTED.plusSeconds(90).toEpochMilli());
    }

    @Test
    void shouldLabelAFiringAnomalyWithTypeSeverityHostProcessPidAndMapping() {
        PostableAlert alert = AlertMapping.firing(firing(), DETECTED.plusSeconds(2), SETTINGS);

        assertThat(alert.labels()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "alertname", "FILELESS_EXEC", "severity", "high", "host", "3d1219c7c4c5", "process", "e2e-fileless",
                "pid", "4242", "start_time", "987654", "mapping", "7f3a1c000000 /memfd:payload (deleted)"));
        assertThat(alert.annotations()).containsEntry("summary", firing().summary())
                .containsEntry("hostname", "web-1").containsEntry("anomaly_id", "f1")
                .containsEntry("detected_at", "2026-11-30T10:00:00Z")
                .containsEntry("evidence", "rule: fileless.memfd\nmapping: " + MEMFD_LINE);
        assertThat(alert.startsAt()).isEqualTo(DETECTED);
        assertThat(alert.endsAt()).as("expires unless sent again").isEqualTo(DETECTED.plusSeconds(2).plus(Duration.ofMinutes(5)));
        assertThat(alert.generatorUrl()).isNull();
    }

    @Test
    void shouldGiveFiringAndResolvedTheSameLabels() {
        PostableAlert fired = AlertMapping.firing(firing(), DETECTED, SETTINGS);
        PostableAlert resolved = AlertMapping.resolved(resolved("e2e-fileless"), null, SETTINGS);

        assertThat(AlertMapping.key(resolved("e2e-fileless"))).isEqualTo(AlertMapping.key(firing()));
        assertThat(resolved.labels()).isEqualTo(fired.labels());
        assertThat(resolved.endsAt()).isEqualTo(DETECTED.plusSeconds(90));
        assertThat(resolved.startsAt()).as("not known without the FIRING: the resolve time").isEqualTo(resolved.endsAt());
        assertThat(resolved.annotations()).containsEntry("anomaly_id", "r1");
    }

    @Test
    void shouldReuseTheFiringLabelsAndStartWhenTheProcessWasRenamed() {
        PostableAlert fired = AlertMapping.firing(firing(), DETECTED, SETTINGS);
        PostableAlert resolved = AlertMapping.resolved(resolved("renamed"), fired, SETTINGS);

        assertThat(resolved.labels()).isEqualTo(fired.labels());
        assertThat(resolved.startsAt()).isEqualTo(DETECTED);
        assertThat(resolved.endsAt()).isEqualTo(DETECTED.plusSeconds(90));
    }

    @Test
    void shouldTellTwoMappingEpisodesOfOneProcessApart() {
        Map<String, String> other = new LinkedHashMap<>(firing().evidence());
        other.put("mapping", MapsLine.of(Mapping.of(0x7f3a1d000000L, 0x7f3a1d002000L, "rwxp", 0, "00:00", 0, "")));
        Anomaly anonymous = anomaly(AnomalyStatus.FIRING, "f2", "e2e-fileless", other, DETECTED.toEpochMilli());

        assertThat(AlertMapping.labels(anonymous)).containsEntry("mapping", "7f3a1d000000");
        assertThat(AlertMapping.key(anonymous)).isNotEqualTo(AlertMapping.key(firing()));
    }

    @Test
    void shouldLeaveOutEmptyLabelsAndTheMappingOfHeapGrowth() {
        Anomaly heap = new Anomaly("h1", AnomalyType.HEAP_GROWTH, Severity.CRITICAL, AnomalyStatus.FIRING, "h",
                "", 7, 1, "", DETECTED.toEpochMilli(), "leak", Map.of("slopeKbPerHour", "1200"));

        assertThat(AlertMapping.labels(heap)).containsOnlyKeys("alertname", "severity", "host", "pid", "start_time")
                .containsEntry("severity", "critical");
        assertThat(AlertMapping.firing(heap, DETECTED, SETTINGS).annotations()).doesNotContainKey("hostname");
    }

    @Test
    void shouldLabelAHostsClockSkewByHostAlone() {
        Anomaly skew = new Anomaly("c1", AnomalyType.CLOCK_SKEW, Severity.MEDIUM, AnomalyStatus.FIRING, "h", "h.example",
                0, 0, "", DETECTED.toEpochMilli(), "clock 1095 days ahead", Map.of("clockSkewMs", "94608000000"));

        assertThat(AlertMapping.labels(skew)).containsOnlyKeys("alertname", "severity", "host")
                .containsEntry("alertname", "CLOCK_SKEW").containsEntry("severity", "medium");
        assertThat(AlertMapping.firing(skew, DETECTED, SETTINGS).annotations()).containsEntry("hostname", "h.example");
    }

    @Test
    void shouldLabelADuplicateHostIdByHostAlone() {
        Anomaly duplicate = new Anomaly("d1", AnomalyType.DUPLICATE_HOST_ID, Severity.MEDIUM, AnomalyStatus.FIRING, "h",
                "h.example", 0, 0, "", DETECTED.toEpochMilli(), "2 collectors write as host h",
                Map.of("bootIds", "b1,b2"));

        assertThat(AlertMapping.labels(duplicate)).containsOnlyKeys("alertname", "severity", "host")
                .containsEntry("alertname", "DUPLICATE_HOST_ID");
    }

    @Test
    void shouldNeverEndAFiringAlertBeforeItStarts() {
        Instant skewedNow = DETECTED.minusSeconds(600);
        PostableAlert alert = AlertMapping.firing(firing(), skewedNow, SETTINGS);
        assertThat(alert.endsAt()).isEqualTo(DETECTED.plus(Duration.ofMinutes(5)));
        assertThat(AlertMapping.refreshed(alert, DETECTED.plusSeconds(60), SETTINGS).endsAt())
                .isEqualTo(DETECTED.plusSeconds(60).plus(Duration.ofMinutes(5)));
    }

    @Test
    void shouldCapLongEvidenceAndSaySo() {
        String text = AlertMapping.evidence(Map.of("mapping", "x".repeat(1_000)), 200);
        assertThat(text).hasSize(200).startsWith("mapping: xxx").endsWith("… (cut: 200 of 1009 characters)");
        assertThat(AlertMapping.evidence(Map.of("a", "1"), 200)).isEqualTo("a: 1");
    }

    @Test
    void shouldNotSplitASurrogatePairWhenCutting() {
        String text = AlertMapping.evidence(Map.of("p", "😀".repeat(300)), 101);
        String kept = text.substring(0, text.indexOf("\n…"));
        assertThat(Character.isHighSurrogate(kept.charAt(kept.length() - 1))).isFalse();
    }

    @Test
    void shouldWriteAlertmanagerV2Json() {
        AlertMapping.Settings linked = new AlertMapping.Settings(Duration.ofMinutes(5), 200, "http://agg:8080");
        JsonNode json = AlertMapping.firing(firing(), DETECTED, linked).toJson(new ObjectMapper());

        assertThat(json.get("labels").get("alertname").asText()).isEqualTo("FILELESS_EXEC");
        assertThat(json.get("annotations").get("summary").asText()).contains("memfd");
        assertThat(json.get("startsAt").asText()).isEqualTo("2026-11-30T10:00:00Z");
        assertThat(json.get("endsAt").asText()).isEqualTo("2026-11-30T10:05:00Z");
        assertThat(json.get("generatorURL").asText()).isEqualTo("http://agg:8080/api/anomalies?hostId=3d1219c7c4c5");
    }

    @Test
    void shouldRefuseTheWrongStatus() {
        assertThatThrownBy(() -> AlertMapping.firing(resolved("x"), DETECTED, SETTINGS))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("r1");
    }
}
