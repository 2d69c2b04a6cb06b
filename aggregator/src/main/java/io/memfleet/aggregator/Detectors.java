package io.memfleet.aggregator;

import io.memfleet.aggregator.detect.Detector;
import io.memfleet.aggregator.detect.DetectorRunner;
import io.memfleet.aggregator.detect.exec.ExecMappingDetector;
import io.memfleet.aggregator.detect.heap.HeapGrowthDetector;
import java.util.LinkedHashMap;
import java.util.Map;

/** The detectors the aggregator runs, set up from its configuration. */
final class Detectors {

    private Detectors() {
    }

    static DetectorRunner configured(AggregatorConfig config) {
        Map<String, Detector<?>> detectors = new LinkedHashMap<>();
        if (config.getBoolean(DetectorConfig.HEAP_ENABLED)) {
            detectors.put("heap-growth", new HeapGrowthDetector(DetectorConfig.heap(config)));
        }
        if (config.getBoolean(DetectorConfig.EXEC_ENABLED)) {
            detectors.put("exec-mapping", new ExecMappingDetector(DetectorConfig.exec(config)));
        }
        return new DetectorRunner(detectors);
    }
}
