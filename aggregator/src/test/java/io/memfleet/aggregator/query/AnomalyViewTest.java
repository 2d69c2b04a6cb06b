package io.memfleet.aggregator.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.memfleet.schema.Anomaly;
import io.memfleet.schema.AnomalyStatus;
import io.memfleet.schema.AnomalyType;
import io.memfleet.schema.Severity;
import io.memfleet.schema.codec.JsonCodec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The API writes anomaly times in ISO-8601 like every other time, while the topic's record keeps epoch ms. */
class AnomalyViewTest {

    private final ObjectMapper json = JsonCodec.newMapper();

    private static Anomaly anomaly(String id, long detectedAt) {
        return new Anomaly(id, AnomalyType.FILELESS_EXEC, Severity.HIGH, AnomalyStatus.FIRING, "h1", "web-7", 812,
                4410233, "python3", detectedAt, "python3 runs code from a memfd", Map.of("rule", "fileless.memfd"));
    }

    @Test
    void shouldWriteDetectedAtInIsoAndEveryOtherFieldAsTheRecordDoes() throws Exception {
        Anomaly record = anomaly("a1", 1_796_004_070_861L);

        JsonNode view = json.valueToTree(AnomalyView.of(record));
        JsonNode topic = json.valueToTree(record);

        assertThat(view.get("detectedAt").asText()).isEqualTo("2026-11-30T02:01:10.861Z");
        assertThat(topic.get("detectedAt").asLong()).isEqualTo(1_796_004_070_861L);
        assertThat(view.fieldNames()).toIterable().containsExactlyElementsOf(() -> topic.fieldNames());
        ((ObjectNode) view).remove("detectedAt");
        ((ObjectNode) topic).remove("detectedAt");
        assertThat(view).isEqualTo(topic);
    }

    @Test
    void shouldReadAnOlderInstancesEpochMillisAsIso() throws Exception {
        byte[] older = json.writeValueAsBytes(List.of(anomaly("a1", 1_796_004_070_000L)));

        AnomalyView[] read = json.readValue(older, AnomalyView[].class);

        assertThat(read[0].detectedAt()).isEqualTo("2026-11-30T02:01:10Z");
    }

    @Test
    void shouldSortNewestFirstByTimeNotByText() {
        // "...:10Z" sorts after "...:10.500Z" as text, but is half a second earlier.
        List<AnomalyView> anomalies = List.of(AnomalyView.of(anomaly("whole", 1_796_004_070_000L)),
                AnomalyView.of(anomaly("half", 1_796_004_070_500L)), AnomalyView.of(anomaly("b", 1_796_004_069_000L)),
                AnomalyView.of(anomaly("a", 1_796_004_069_000L)));

        assertThat(AnomalyView.newestFirst(anomalies, 3)).extracting(AnomalyView::id)
                .containsExactly("half", "whole", "a");
    }
}
