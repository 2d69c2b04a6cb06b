package io.memfleet.aggregator.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.memfleet.schema.Anomaly;
import io.memfleet.schema.AnomalyStatus;
import io.memfleet.schema.AnomalyType;
import io.memfleet.schema.HostHeartbeat;
import io.memfleet.schema.MappingsPart;
import io.memfleet.schema.ProcessExit;
import io.memfleet.schema.ProcessSample;
import io.memfleet.schema.SampleRecord;
import io.memfleet.aggregator.detect.DetectorRunner;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hosts whose clocks are wrong, on the partition of a healthy one: the record timestamps piped here
 * play the broker's LogAppendTime, and {@code sampledAt} is the host's claim.
 */
class ClockSkewTopologyTest {

    private static final long NOW = 1_790_000_000_000L; // 2026-09-21
    private static final long THREE_YEARS = Duration.ofDays(3 * 365).toMillis();
    private static final long PASS = 10_000;

    private TopologyTestDriver driver;
    private TestInputTopic<String, SampleRecord> samples;
    private TestOutputTopic<String, Anomaly> anomalies;
    private KeyValueStore<String, HostState> hosts;
    private KeyValueStore<String, ProcessState> processes;
    private WindowStore<String, MemoryPoint> history;
    private final AtomicLong seq = new AtomicLong();

    @TempDir
    Path stateDir;

    @BeforeEach
    void setUp() {
        driver = TestTopology.driver(AggregatorTopology.build(HistoryOptions.DEFAULTS, new DetectorRunner(Map.of())), stateDir);
        samples = TestTopology.samples(driver);
        anomalies = TestTopology.anomalies(driver);
        hosts = driver.getKeyValueStore(AggregatorTopology.HOSTS_STORE);
        processes = driver.getKeyValueStore(AggregatorTopology.PROCESSES_STORE);
        history = driver.getWindowStore(AggregatorTopology.SAMPLES_STORE);
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    private ProcessSample sample(String host, long sampledAt) {
        return new ProcessSample("run-" + host, seq.incrementAndGet(), host, "boot", 42, 4200, 1, "app", 0, "S", 1,
                sampledAt, null, null, null, null, null, 5_000L, null, null, null, null, null, null, null, null,
                null, 0, "d", null, null, null);
    }

    /** A pass of {@code host}: one sample, then the heartbeat; {@code brokerTime} is the record timestamp. */
    private void pass(String host, long sampledAt, long brokerTime) {
        samples.pipeInput(host, sample(host, sampledAt), brokerTime);
        samples.pipeInput(host, new HostHeartbeat("run-" + host, seq.incrementAndGet(), host, host + ".example",
                "boot", "1", sampledAt, PASS, 1, 0, 0, 0, 1, 0, 0, 0, 0, null), brokerTime);
    }

    private int historyPoints(String host) {
        int points = 0;
        try (WindowStoreIterator<MemoryPoint> all = history.fetch(ProcessKey.of(host, "boot", 42, 4200), 0L,
                Long.MAX_VALUE)) {
            while (all.hasNext()) {
                all.next();
                points++;
            }
        }
        return points;
    }

    private List<Anomaly> clockSkewEvents() {
        return anomalies.readValuesToList().stream().filter(a -> a.type() == AnomalyType.CLOCK_SKEW).toList();
    }

    @Test
    void shouldKeepAHealthyHostsHistoryWhenAnotherHostOnItsPartitionIsYearsAhead() {
        pass("good", NOW, NOW);
        pass("good", NOW + PASS, NOW + PASS);

        pass("ahead", NOW + 2 * PASS + THREE_YEARS, NOW + 2 * PASS);

        assertThat(historyPoints("good")).as("the healthy host's history").isEqualTo(2);
        for (int i = 3; i < 6; i++) {
            pass("good", NOW + i * PASS, NOW + i * PASS);
        }
        assertThat(historyPoints("good")).as("its next passes are folded").isEqualTo(5);
        HostState good = hosts.get("good");
        assertThat(good.samplesOutOfTime()).isZero();
        assertThat(good.lastSeen()).isEqualTo(NOW + 5 * PASS);

        HostState ahead = hosts.get("ahead");
        assertThat(ahead.clockSkewMs()).isEqualTo(THREE_YEARS);
        assertThat(ahead.samplesOutOfTime()).as("its sample and heartbeat").isEqualTo(2);
        assertThat(ahead.lastSeen()).as("the broker's time").isEqualTo(NOW + 2 * PASS);
        ProcessState process = processes.get(ProcessKey.of("ahead", "boot", 42, 4200));
        assertThat(process.lastSeen()).as("filed at the broker's time").isEqualTo(NOW + 2 * PASS);
        assertThat(historyPoints("ahead")).isEqualTo(1);
        List<Anomaly> events = clockSkewEvents();
        assertThat(events).singleElement().satisfies(event -> {
            assertThat(event.status()).isEqualTo(AnomalyStatus.FIRING);
            assertThat(event.hostId()).isEqualTo("ahead");
            assertThat(event.pid()).isZero();
            assertThat(event.detectedAt()).isEqualTo(NOW + 2 * PASS);
            assertThat(event.evidence()).containsEntry("clockSkewMs", Long.toString(THREE_YEARS));
            assertThat(event.summary()).contains("1095 days ahead");
        });
    }

    @Test
    void shouldCountAHostIn1970AndKeepItOutOfTheHistory() {
        pass("good", NOW, NOW);
        pass("behind", 1_000, NOW + PASS);
        pass("good", NOW + 2 * PASS, NOW + 2 * PASS);

        HostState behind = hosts.get("behind");
        assertThat(behind.samplesOutOfTime()).isEqualTo(2);
        assertThat(behind.clockSkewMs()).isEqualTo(1_000 - NOW - PASS);
        assertThat(behind.lastSeen()).as("the broker's time").isEqualTo(NOW + PASS);
        assertThat(behind.hostname()).as("from its heartbeat, whatever its date").isEqualTo("behind.example");
        assertThat(processes.get(ProcessKey.of("behind", "boot", 42, 4200))).isNull();
        assertThat(historyPoints("behind")).isZero();
        assertThat(historyPoints("good")).isEqualTo(2);
        assertThat(clockSkewEvents()).singleElement()
                .satisfies(event -> assertThat(event.summary()).contains("behind", "not stored"));
    }

    @Test
    void shouldFileSpooledLateRecordsAtTheirOwnTime() {
        long outage = Duration.ofHours(2).toMillis();
        for (int i = 0; i < 3; i++) {
            pass("good", NOW - outage + i * PASS, NOW + i); // drained in a burst after the outage
        }

        HostState good = hosts.get("good");
        assertThat(good.samplesOutOfTime()).isZero();
        assertThat(good.lastSeen()).isEqualTo(NOW - outage + 2 * PASS);
        assertThat(historyPoints("good")).isEqualTo(3);
        assertThat(processes.get(ProcessKey.of("good", "boot", 42, 4200)).lastSeen())
                .isEqualTo(NOW - outage + 2 * PASS);
        assertThat(clockSkewEvents()).as("late is not skewed").isEmpty();
    }

    @Test
    void shouldCountRecordsOlderThanTheHistoryInsteadOfDroppingThemSilently() {
        pass("good", NOW - Duration.ofHours(25).toMillis(), NOW);

        assertThat(hosts.get("good").samplesOutOfTime()).isEqualTo(2);
        assertThat(historyPoints("good")).isZero();
        assertThat(processes.get(ProcessKey.of("good", "boot", 42, 4200))).isNull();
    }

    @Test
    void shouldKeepASampleOlderThanTheRawHistoryInItsRollupWhileTheRollupsHoldIt() {
        long sampledAt = NOW - Duration.ofHours(25).toMillis();
        pass("good", sampledAt, NOW);
        pass("good", NOW - Duration.ofDays(31).toMillis(), NOW + 1); // past the rollups' 30 days too

        String key = ProcessKey.of("good", "boot", 42, 4200);
        WindowStore<String, Rollup> rollups = driver.getWindowStore(AggregatorTopology.ROLLUPS_STORE);
        List<Rollup> kept = new ArrayList<>();
        try (WindowStoreIterator<Rollup> it = rollups.fetch(key, 0L, Long.MAX_VALUE)) {
            it.forEachRemaining(entry -> kept.add(entry.value));
        }
        assertThat(kept).as("the 25-hour-old sample in its bucket; nothing of the 31-day-old one").hasSize(1);
        assertThat(hosts.get("good").samplesOutOfTime()).isEqualTo(4);
    }

    @Test
    void shouldNotTakeAMappingListsPartForAClockBackInTime() {
        pass("host", NOW + THREE_YEARS, NOW);
        samples.pipeInput("host", new MappingsPart("run-host", seq.incrementAndGet(), "host", "boot", 42, 4200, "d", 0,
                0, 1, List.of()), NOW + PASS); // a part claims no time: it says nothing of the host's clock

        assertThat(clockSkewEvents()).extracting(Anomaly::status).containsExactly(AnomalyStatus.FIRING);
        assertThat(hosts.get("host").clockSkewMs()).isEqualTo(THREE_YEARS);
    }

    @Test
    void shouldFileAClaimWithinTheToleranceAtItsOwnTime() {
        long ahead = Duration.ofMinutes(4).toMillis();
        pass("good", NOW + ahead, NOW);

        assertThat(hosts.get("good").samplesOutOfTime()).isZero();
        assertThat(hosts.get("good").clockSkewMs()).isEqualTo(ahead);
        assertThat(processes.get(ProcessKey.of("good", "boot", 42, 4200)).lastSeen()).isEqualTo(NOW + ahead);
        assertThat(clockSkewEvents()).isEmpty();
    }

    @Test
    void shouldResolveClockSkewOnceTheClockIsWellWithinTheToleranceAgain() {
        pass("host", NOW + THREE_YEARS, NOW);
        pass("host", NOW + PASS + Duration.ofMinutes(4).toMillis(), NOW + PASS); // in tolerance, not yet well within
        pass("host", NOW + 2 * PASS, NOW + 2 * PASS);
        pass("host", NOW + 3 * PASS + THREE_YEARS, NOW + 3 * PASS);

        List<Anomaly> events = clockSkewEvents();
        assertThat(events).extracting(Anomaly::status).containsExactly(AnomalyStatus.FIRING, AnomalyStatus.RESOLVED,
                AnomalyStatus.FIRING);
        assertThat(events.get(1).detectedAt()).isEqualTo(NOW + 2 * PASS);
        assertThat(events).extracting(Anomaly::id).doesNotHaveDuplicates();
        assertThat(hosts.get("host").clockSkewSince()).isEqualTo(NOW + 3 * PASS);
        KeyValueStore<String, Anomaly> kept = driver.getKeyValueStore(AggregatorTopology.ANOMALIES_STORE);
        assertThat(kept.approximateNumEntries()).isEqualTo(3);
    }

    @Test
    void shouldNotLetAnExitDatedInTheFutureEndOrAgeOtherProcesses() {
        pass("good", NOW, NOW);
        samples.pipeInput("ahead", sample("ahead", NOW + PASS), NOW + PASS);
        samples.pipeInput("ahead", new ProcessExit("run-ahead", seq.incrementAndGet(), "ahead", "boot", 42, 4200, "app",
                NOW + THREE_YEARS), NOW + 2 * PASS);
        // Stream time moves on by the broker's clock only: the exited-process purge (every 5 minutes of
        // it) keeps the healthy host's process, which was seen within history.exited.retention.ms.
        pass("good", NOW + Duration.ofMinutes(10).toMillis(), NOW + Duration.ofMinutes(10).toMillis());

        assertThat(processes.get(ProcessKey.of("ahead", "boot", 42, 4200)).exitedAt()).isEqualTo(NOW + 2 * PASS);
        assertThat(processes.get(ProcessKey.of("good", "boot", 42, 4200))).isNotNull();
        assertThat(historyPoints("good")).isEqualTo(2);
    }
}
