package io.memfleet.aggregator.topology;

import io.memfleet.schema.Anomaly;
import io.memfleet.schema.SampleRecord;
import io.memfleet.schema.codec.WireFormat;
import io.memfleet.schema.kafka.AnomalySerde;
import io.memfleet.schema.kafka.SampleRecordSerde;
import io.memfleet.schema.kafka.Topics;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;

/** A topology under Kafka's TopologyTestDriver with the samples topic in and the anomalies topic out, in JSON. */
final class TestTopology {

    private TestTopology() {
    }

    static TopologyTestDriver driver(Topology topology, Path stateDir) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "topology-test");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        return new TopologyTestDriver(topology, props);
    }

    static TestInputTopic<String, SampleRecord> samples(TopologyTestDriver driver) {
        return driver.createInputTopic(Topics.SAMPLES, new StringSerializer(),
                new SampleRecordSerde(WireFormat.JSON).serializer());
    }

    static TestOutputTopic<String, Anomaly> anomalies(TopologyTestDriver driver) {
        return driver.createOutputTopic(Topics.ANOMALIES, new StringDeserializer(),
                new AnomalySerde(WireFormat.JSON).deserializer());
    }
}
