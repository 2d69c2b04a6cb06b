package io.memfleet.aggregator.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.memfleet.aggregator.detect.DetectorRunner;
import io.memfleet.aggregator.detect.exec.ExecMappingDetector;
import io.memfleet.aggregator.detect.heap.HeapGrowthDetector;
import io.memfleet.aggregator.model.MappingChange;
import io.memfleet.collector.procfs.ProcfsReader;
import io.memfleet.collector.sample.HostIdentity;
import io.memfleet.collector.sample.MappingListSplitter;
import io.memfleet.collector.sample.PassResult;
import io.memfleet.collector.sample.PassSampler;
import io.memfleet.collector.sample.ProcessFilter;
import io.memfleet.schema.HostHeartbeat;
import io.memfleet.schema.Mapping;
import io.memfleet.schema.MappingsPart;
import io.memfleet.schema.SampleRecord;
import io.memfleet.schema.codec.RecordCodec;
import io.memfleet.schema.codec.WireFormat;
import io.memfleet.schema.kafka.SampleRecordSerde;
import io.memfleet.schema.kafka.Topics;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A process of 262,144 mappings (four times Linux's default vm.max_map_count; what Elasticsearch
 * asks hosts for) on a fake proc tree goes through the collector's pass, in records none of which
 * is over the part budget, and arrives whole in the aggregator's stores, none of whose values is
 * over the changelog's limit either.
 */
class BigMappingListTest {

    private static final int PID = 3828;
    private static final int MAPPINGS = 262_144;
    /** Kafka's default max.message.bytes for the topics Streams creates, and the producer's max.request.size. */
    private static final int KAFKA_DEFAULT_LIMIT = 1024 * 1024;

    @TempDir
    Path proc;
    @TempDir
    Path stateDir;

    @ParameterizedTest
    @EnumSource(WireFormat.class)
    void shouldCarryAQuarterMillionMappingsFromTheCollectorsPassIntoTheStoresInRecordsUnderTheLimits(WireFormat format)
            throws IOException {
        fakeProcTree();
        PassSampler sampler = new PassSampler(new ProcfsReader(proc), new HostIdentity("host-a", "boot-1", "h"),
                "run-1", Duration.ofMinutes(10), () -> 1_000_000L, new AtomicLong(), ProcessFilter.ALL, null, null,
                new MappingListSplitter(format));
        PassResult pass = sampler.sample();
        List<SampleRecord> records = new ArrayList<>(pass.records());
        records.add(sampler.heartbeat(pass.summary(), 10_000, "test", 0, 0, 0, 0));

        RecordCodec codec = new RecordCodec();
        long largest = 0;
        long total = 0;
        for (SampleRecord record : records) {
            int size = codec.encode((Record) record, format).length;
            largest = Math.max(largest, size);
            total += size;
        }
        assertThat(largest).isLessThanOrEqualTo(MappingListSplitter.PART_BYTES);
        assertThat(records).filteredOn(MappingsPart.class::isInstance).hasSizeGreaterThan(1);

        Map<String, Long> stored;
        try (TopologyTestDriver driver = driver()) {
            TestInputTopic<String, SampleRecord> samples = driver.createInputTopic(Topics.SAMPLES,
                    new StringSerializer(), new SampleRecordSerde(format).serializer());
            records.forEach(record -> samples.pipeInput("host-a", record, 1_000_000L));

            String key = ProcessKey.of("host-a", "boot-1", PID, 27707);
            KeyValueStore<String, MappingSet> sets = driver.getKeyValueStore(AggregatorTopology.MAPPINGS_STORE);
            MappingSet whole = MappingSets.read(sets::get, key);
            assertThat(whole.mappings()).hasSize(MAPPINGS);
            assertThat(whole.mappings().get(MAPPINGS - 1).start()).isEqualTo(start(MAPPINGS - 1));
            KeyValueStore<String, ProcessState> processes = driver.getKeyValueStore(AggregatorTopology.PROCESSES_STORE);
            assertThat(processes.get(key).mappingsOutOfSync()).isFalse();
            assertThat(processes.get(key).latest().mapCount()).isEqualTo(MAPPINGS);
            KeyValueStore<String, byte[]> parts = driver.getKeyValueStore(AggregatorTopology.MAPPING_PARTS_STORE);
            try (KeyValueIterator<String, byte[]> left = parts.all()) {
                assertThat(left.hasNext()).as("parts taken by their sample").isFalse();
            }

            stored = largestValues(sets, driver.getWindowStore(AggregatorTopology.MAPPING_CHANGES_STORE),
                    driver.getKeyValueStore(AggregatorTopology.DETECTOR_STATE_STORE), processes);
        }
        stored.forEach((store, bytes) -> {
            if (!store.contains("(")) {
                assertThat(bytes).as(store).isLessThan(KAFKA_DEFAULT_LIMIT);
            }
        });
        System.out.printf("%,d mappings in %s: %d records, %,d bytes in all, largest %,d; largest stored values: %s%n",
                MAPPINGS, format, records.size(), total, largest, stored);
    }

    private static Map<String, Long> largestValues(KeyValueStore<String, MappingSet> sets,
                                                   WindowStore<String, MappingChange> changes,
                                                   KeyValueStore<String, byte[]> detectorStates,
                                                   KeyValueStore<String, ProcessState> processes) {
        Map<String, Long> largest = new LinkedHashMap<>();
        long total = 0;
        int chunks = 0;
        try (KeyValueIterator<String, MappingSet> all = sets.all()) {
            while (all.hasNext()) {
                int size = all.next().value.toBytes().length;
                largest.merge("mappings", (long) size, Math::max);
                total += size;
                chunks++;
            }
        }
        largest.put("mappings (all chunks)", total);
        largest.put("mappings (chunks)", (long) chunks);
        try (KeyValueIterator<Windowed<String>, MappingChange> all = changes.all()) {
            while (all.hasNext()) {
                largest.merge("mapping-changes", (long) all.next().value.toBytes().length, Math::max);
            }
        }
        try (KeyValueIterator<String, byte[]> all = detectorStates.all()) {
            while (all.hasNext()) {
                KeyValue<String, byte[]> entry = all.next();
                largest.merge("detector-state", (long) entry.value.length, Math::max);
            }
        }
        try (KeyValueIterator<String, ProcessState> all = processes.all()) {
            while (all.hasNext()) {
                largest.merge("processes", (long) all.next().value.toBytes().length, Math::max);
            }
        }
        return largest;
    }

    private TopologyTestDriver driver() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "big-list-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        return new TopologyTestDriver(AggregatorTopology.build(HistoryOptions.DEFAULTS, new DetectorRunner(
                Map.of("heap-growth", new HeapGrowthDetector(), "exec-mapping", new ExecMappingDetector()))), props);
    }

    /**
     * One process of {@link #MAPPINGS}: anonymous regions of alternating protections, as the real
     * test program makes, and among them 2,000 executable mappings of distinct long-named files, so
     * the executable-mapping detector learns as many files as it keeps.
     */
    private void fakeProcTree() throws IOException {
        Files.createDirectories(proc.resolve("sys/kernel/random"));
        Files.writeString(proc.resolve("sys/kernel/random/boot_id"), "boot-1\n");
        Files.writeString(proc.resolve("sys/kernel/hostname"), "h\n");
        Path dir = Files.createDirectories(proc.resolve(Integer.toString(PID)));
        Path capture = Path.of("../collector/src/test/resources/procfs/jvm-sleeper");
        Files.copy(capture.resolve("stat"), dir.resolve("stat"));
        Files.copy(capture.resolve("status"), dir.resolve("status"));
        String longDir = "/opt/" + "vendor-".repeat(20);
        try (Writer maps = Files.newBufferedWriter(dir.resolve("maps"))) {
            for (int i = 0; i < MAPPINGS; i++) {
                long start = start(i);
                if (i % 128 == 0 && i / 128 < 2_000) {
                    maps.write(String.format("%x-%x r-xp 00000000 fd:01 %d %slib%d.so%n", start, start + 0x1000,
                            1000 + i, longDir, i));
                } else {
                    maps.write(String.format("%x-%x %s 00000000 00:00 0 %n", start, start + 0x1000,
                            i % 2 == 0 ? "rw-p" : "r--p"));
                }
            }
        }
    }

    private static long start(int i) {
        return 0x7f0000000000L + i * 0x2000L;
    }

}
