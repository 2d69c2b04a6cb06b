package io.memfleet.bench.aggregator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.memfleet.testkit.TestKafka;
import io.memfleet.testkit.WithKafka;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The aggregator under a steady accelerated load for a bounded time: consumer lag stays bounded, the
 * heap stays flat and every sample is accounted for ({@link SoakReport} says how each is judged).
 * 1.5 minutes by default; {@code -Dmemfleet.soak.minutes=N} (and {@code .hosts}, {@code .processes},
 * {@code .speedup}) for a longer or heavier one, or {@code memfleet bench soak} outside the tests.
 */
@WithKafka
class SoakIT {

    @Test
    void shouldKeepLagBoundedAndHeapFlatAndAccountForEverySample(TestKafka kafka, @TempDir Path dir) {
        double minutes = Double.parseDouble(System.getProperty("memfleet.soak.minutes", "1.5"));
        Soak.Settings settings = new Soak.Settings(Integer.getInteger("memfleet.soak.hosts", 40),
                Integer.getInteger("memfleet.soak.processes", 15), 32, 0.03,
                Double.parseDouble(System.getProperty("memfleet.soak.speedup", "10")),
                Duration.ofMillis(Math.round(minutes * 60_000)), Duration.ofSeconds(minutes <= 5 ? 3 : 10), 7);
        // The soak's own waits are bounded (RUNNING 120 s, the drain 300 s); this is the backstop.
        SoakReport report = assertTimeoutPreemptively(settings.duration().plusMinutes(10),
                () -> BenchSoakCommand.run(kafka.bootstrapServers(), dir.resolve("state"), settings, System.out));
        System.out.print(report.render());
        assertThat(report.problems()).as(report.render()).isEmpty();
    }
}
