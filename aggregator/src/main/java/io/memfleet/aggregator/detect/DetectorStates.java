package io.memfleet.aggregator.detect;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * Every detector's state for one process, by detector name, as JSON: a detector added later
 * starts from its initial state, one removed leaves a key that is ignored. {@code lastObserved}
 * (sample time) lets states of processes that vanished without an exit record expire.
 */
public record DetectorStates(Map<String, JsonNode> states, long lastObserved) {

    public DetectorStates {
        states = Map.copyOf(states);
    }
}
