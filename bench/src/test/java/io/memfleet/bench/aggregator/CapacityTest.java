package io.memfleet.bench.aggregator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CapacityTest {

    private static final double TIB = 1024.0 * 1024 * 1024 * 1024;

    @Test
    void shouldCountThirtySamplesASecondForThreeHundredProcessesEveryTenSeconds() {
        Capacity c = new Capacity(3_000, 300, 10, 0.5, 1_000_000, TIB);
        assertThat(c.samplesPerSecondPerHost()).isEqualTo(30);
        assertThat(c.hostsPerInstance()).isEqualTo(100);
        assertThat(c.plannedHostsPerInstance()).isEqualTo(50);
    }

    @Test
    void shouldWorkOutInstancesForIngestAndStateAndTakeTheLarger() {
        Capacity c = new Capacity(3_000, 300, 10, 0.5, 1_000_000, TIB);
        assertThat(c.instancesForIngest(100_000)).isEqualTo(2_000);
        // 100,000 x 300 x 1 MB = 30 TB = 27.3 TiB -> 28 instances of 1 TiB
        assertThat(c.stateBytes(100_000)).isEqualTo(3e13);
        assertThat(c.instancesForState(100_000)).isEqualTo(28);
        assertThat(c.instances(100_000)).isEqualTo(2_000);
        Capacity fast = new Capacity(300_000, 300, 10, 0.5, 1_000_000, TIB);
        assertThat(fast.instancesForIngest(100_000)).isEqualTo(20);
        assertThat(fast.instances(100_000)).isEqualTo(28);
    }

    @Test
    void shouldRoundPartitionsUpToAMultipleOfTwelve() {
        Capacity c = new Capacity(300_000, 300, 10, 0.5, 1_000_000, TIB);
        // 28 instances x 1 thread x 2 = 56 -> 60
        assertThat(c.partitions(100_000, 1, 2)).isEqualTo(60);
        assertThat(c.partitions(100_000, 2, 2)).isEqualTo(120);
    }

    @Test
    void shouldNeedNoInstanceCountWhenTheRateCannotCarryOneHost() {
        Capacity c = new Capacity(10, 300, 10, 0.5, 1_000_000, TIB);
        assertThat(c.plannedHostsPerInstance()).isZero();
        assertThat(c.instancesForIngest(100_000)).isEqualTo(Long.MAX_VALUE);
        assertThat(c.partitions(100_000, 1, 2)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void shouldRejectMeaninglessAssumptions() {
        assertThatThrownBy(() -> new Capacity(1, 0, 10, 0.5, 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Capacity(1, 300, 10, 1.5, 1, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
