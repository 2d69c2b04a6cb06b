package io.memfleet.aggregator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.memfleet.schema.Mapping;
import io.memfleet.schema.ProcessSample;
import io.memfleet.schema.SampleRecord;
import io.memfleet.schema.codec.WireFormat;
import io.memfleet.schema.kafka.SampleRecordSerde;
import io.memfleet.schema.kafka.Topics;
import io.memfleet.testkit.TestKafka;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/** What the multi-instance ITs share: starting aggregators, synthetic hosts, HTTP GETs. */
final class AggregatorCluster {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    private AggregatorCluster() {
    }

    static Aggregator start(TestKafka kafka, String applicationId, Path stateDir) {
        Map<String, Object> settings = new HashMap<>();
        settings.put(AggregatorConfig.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
        settings.put(AggregatorConfig.APPLICATION_ID, applicationId);
        settings.put(AggregatorConfig.STATE_DIR, stateDir.toString());
        settings.put(AggregatorConfig.HTTP_PORT, 0);
        settings.put(AggregatorConfig.TOPIC_PARTITIONS, 3);
        // Rebalance quickly when an instance joins or leaves: this is a test, not a fleet.
        settings.put("kafka.session.timeout.ms", "6000");
        settings.put("kafka.heartbeat.interval.ms", "500");
        // Hand tasks to a joining instance at once: by default it first warms up a copy of the state
        // and only gets the tasks at a probing rebalance up to ten minutes later, when the earlier
        // ITs' records on the shared topic make the changelogs longer than the acceptable lag.
        settings.put("kafka.acceptable.recovery.lag", Long.toString(Long.MAX_VALUE));
        Aggregator aggregator = new Aggregator(new AggregatorConfig(settings));
        aggregator.start();
        return aggregator;
    }

    /** {@code samples} samples of one process (pid 10) for each host, a minute apart, ending now. */
    static void produce(TestKafka kafka, List<String> hostIds, int samples, long end) {
        try (KafkaProducer<String, SampleRecord> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()), new StringSerializer(),
                new SampleRecordSerde(WireFormat.JSON).serializer())) {
            for (String hostId : hostIds) {
                for (int i = 0; i < samples; i++) {
                    long at = end - (samples - 1 - i) * 60_000L;
                    List<Mapping> mappings = i == 0
                            ? List.of(Mapping.of(0x400000, 0x401000, "r-xp", 0, "fd:01", 7, "/usr/bin/app")) : null;
                    ProcessSample sample = new ProcessSample("run", i + 1, hostId, "boot", 10, 100, 1, "app", 0, "S", 1,
                            at, null, null, null, null, null, 1_000L + i, null, null, null, null, null, null, null,
                            null, null, 1, "d", mappings, null, null);
                    producer.send(new ProducerRecord<>(Topics.SAMPLES, hostId, sample));
                }
            }
            producer.flush();
        }
    }

    static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** GET, optionally as a forwarded request (answered from that instance's own stores only). */
    static HttpResponse<String> get(String url, boolean localOnly) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
        if (localOnly) {
            request.header(io.memfleet.aggregator.query.InstanceRouter.FORWARDED_HEADER, "1");
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }
}
