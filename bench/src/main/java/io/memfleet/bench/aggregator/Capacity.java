package io.memfleet.bench.aggregator;

/**
 * What a measured ingest rate means for a fleet: hosts one aggregator instance keeps up with, and
 * the instances and partitions a fleet needs, for ingest and for state. Pure arithmetic.
 *
 * @param samplesPerSecond   sustained ingest rate of one instance (as measured)
 * @param processesPerHost   processes each host samples
 * @param intervalSeconds    seconds between two passes of a host's collector
 * @param targetUtilisation  share of the measured rate an instance is planned to run at (headroom
 *                           for catching up after an outage or a rebalance), 0 … 1
 * @param stateBytesPerProcess state one process holds at steady state (bounded history + current state)
 * @param stateBytesPerInstance state one instance is planned to hold on its disk
 */
record Capacity(double samplesPerSecond, int processesPerHost, double intervalSeconds, double targetUtilisation,
                double stateBytesPerProcess, double stateBytesPerInstance) {

    Capacity {
        if (processesPerHost < 1 || intervalSeconds <= 0 || targetUtilisation <= 0 || targetUtilisation > 1) {
            throw new IllegalArgumentException("processes ≥ 1, interval > 0 and utilisation within (0, 1] needed");
        }
    }

    /** Samples per second one host sends: processes / interval (30/s at 300 processes every 10 s). */
    double samplesPerSecondPerHost() {
        return processesPerHost / intervalSeconds;
    }

    /** Hosts one instance keeps up with at 100% of the measured rate. */
    long hostsPerInstance() {
        return (long) Math.floor(samplesPerSecond / samplesPerSecondPerHost());
    }

    /** Hosts one instance is planned for, at the target utilisation. */
    long plannedHostsPerInstance() {
        return (long) Math.floor(samplesPerSecond * targetUtilisation / samplesPerSecondPerHost());
    }

    /** Instances {@code fleetHosts} need for ingest alone. */
    long instancesForIngest(long fleetHosts) {
        long perInstance = plannedHostsPerInstance();
        return perInstance <= 0 ? Long.MAX_VALUE : ceilDiv(fleetHosts, perInstance);
    }

    double stateBytes(long fleetHosts) {
        return fleetHosts * (double) processesPerHost * stateBytesPerProcess;
    }

    /** Instances {@code fleetHosts} need for their state to fit on their disks. */
    long instancesForState(long fleetHosts) {
        return (long) Math.ceil(stateBytes(fleetHosts) / stateBytesPerInstance);
    }

    long instances(long fleetHosts) {
        return Math.max(instancesForIngest(fleetHosts), instancesForState(fleetHosts));
    }

    /**
     * Partitions of memfleet.samples: one task per partition is Kafka Streams' unit of parallelism,
     * so at least one per stream thread of every instance, times {@code growth} so instances can be
     * added without repartitioning (which would move hosts between partitions), rounded up to a
     * multiple of 12 so it divides evenly among 2, 3, 4 or 6 instances.
     */
    long partitions(long fleetHosts, int threadsPerInstance, int growth) {
        long instances = instances(fleetHosts);
        if (instances == Long.MAX_VALUE) {
            return Long.MAX_VALUE;
        }
        long needed = instances * threadsPerInstance * growth;
        return ceilDiv(needed, 12) * 12;
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }
}
