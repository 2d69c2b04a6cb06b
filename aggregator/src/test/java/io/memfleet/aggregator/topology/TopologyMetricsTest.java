package io.memfleet.aggregator.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.memfleet.aggregator.detect.DetectorRunner;
import io.memfleet.common.metrics.PrometheusText;
import io.memfleet.schema.AnomalyStatus;
import io.memfleet.schema.AnomalyType;
import io.memfleet.schema.HostHeartbeat;
import io.memfleet.schema.Mapping;
import io.memfleet.schema.ProcessExit;
import io.memfleet.schema.ProcessSample;
import io.memfleet.schema.SampleRecord;
import io.memfleet.schema.Severity;
import io.memfleet.schema.codec.WireFormat;
import io.memfleet.schema.kafka.SampleRecordSerde;
import io.memfleet.schema.kafka.Topics;
import io.memfleet.testkit.metrics.Promtool;
import io.memfleet.testkit.metrics.Scrape;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The production topology's processors count what they fold, drop and publish. */
class TopologyMetricsTest {

    private static final String HOST = "host-a";

    @TempDir
    Path stateDir;

    private final TopologyMetrics metrics = new TopologyMetrics();
    private TopologyTestDriver driver;
    private TestInputTopic<String, SampleRecord> samples;

    @BeforeEach
    void setUp() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "metrics-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(AggregatorTopology.build(HistoryOptions.DEFAULTS,
                new DetectorRunner(Map.of("tmp-library", new DetectionWiringTest.TmpLibraryDetector())), metrics),
                props);
        samples = driver.createInputTopic(Topics.SAMPLES, new StringSerializer(),
                new SampleRecordSerde(WireFormat.JSON).serializer());
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    private static ProcessSample sample(long seq, List<Mapping> mappings) {
        return new ProcessSample("run", seq, HOST, "boot", 7, 70, 1, "victim", 0, "S", 1, seq * 1_000, null, null,
                null, null, null, 100L, 90L, 10L, 0L, null, null, null, null, null, 0L, 1,
                "d" + (mappings == null ? 0 : mappings.size()), mappings, null, null);
    }

    @Test
    void shouldCountRecordsByTypeDuplicatesAndAnomaliesByTypeSeverityAndStatus() {
        Mapping app = Mapping.of(0x400000, 0x401000, "r-xp", 0, "fd:01", 7, "/usr/bin/victim");
        Mapping evil = Mapping.of(0x7f0000000000L, 0x7f0000001000L, "r-xp", 0, "fd:01", 9, "/tmp/evil.so");
        samples.pipeInput(HOST, new HostHeartbeat("run", 1, HOST, "h", "boot", "1", 1_000, 10_000, 1, 0, 0, 0, 1, 0,
                0, 0, 0, null), 1_000);
        samples.pipeInput(HOST, sample(2, List.of(app)), 2_000);
        samples.pipeInput(HOST, sample(3, List.of(app, evil)), 3_000);
        samples.pipeInput(HOST, sample(3, List.of(app, evil)), 3_000); // resent by the spool
        samples.pipeInput(HOST, new ProcessExit("run", 4, HOST, "boot", 7, 70, "victim", 4_000), 4_000);

        assertThat(metrics.ingested("ProcessSample")).isEqualTo(2);
        assertThat(metrics.ingested("HostHeartbeat")).isEqualTo(1);
        assertThat(metrics.ingested("ProcessExit")).isEqualTo(1);
        assertThat(metrics.duplicates()).isEqualTo(1);
        assertThat(metrics.anomalies(AnomalyType.NEW_EXEC_MAPPING, Severity.HIGH, AnomalyStatus.FIRING)).isEqualTo(1);
        assertThat(metrics.anomalies(AnomalyType.NEW_EXEC_MAPPING, Severity.HIGH, AnomalyStatus.RESOLVED))
                .isEqualTo(1);
        assertThat(metrics.anomalies(AnomalyType.HEAP_GROWTH, Severity.HIGH, AnomalyStatus.FIRING)).isZero();
    }

    @Test
    void shouldExportEveryCounterFromZeroOnceRegistered() {
        PrometheusRegistry registry = new PrometheusRegistry();
        metrics.register(registry);
        samples.pipeInput(HOST, sample(1, null), 1_000);

        String text = new String(PrometheusText.scrape(registry), StandardCharsets.UTF_8);
        Promtool.assertValid(text);
        Scrape scrape = Scrape.parse(text);
        assertThat(scrape.value("memfleet_aggregator_records_ingested_total", "type", "ProcessSample")).hasValue(1);
        assertThat(scrape.value("memfleet_aggregator_records_ingested_total", "type", "ProcessExit")).hasValue(0);
        assertThat(scrape.value("memfleet_aggregator_records_duplicate_total")).hasValue(0);
        assertThat(scrape.value("memfleet_aggregator_mapping_parts_refused_total")).hasValue(0);
        assertThat(scrape.find("memfleet_aggregator_anomalies_total"))
                .as("every type x severity x status, at 0")
                .hasSize(AnomalyType.values().length * Severity.values().length * AnomalyStatus.values().length);
    }
}
