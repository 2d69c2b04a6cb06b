package io.memfleet.bench.exec;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.memfleet.aggregator.detect.Finding;
import io.memfleet.aggregator.detect.Observation;
import io.memfleet.aggregator.detect.exec.ExecMappingDetector;
import io.memfleet.aggregator.detect.exec.ExecMappingState;
import io.memfleet.aggregator.model.MappingChange;
import io.memfleet.collector.procfs.ProcessSnapshot;
import io.memfleet.collector.procfs.ProcfsException;
import io.memfleet.collector.procfs.ProcfsReader;
import io.memfleet.schema.Mapping;
import io.memfleet.schema.ProcessSample;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Samples one real process's {@code /proc/<pid>/maps} with the collector's {@link ProcfsReader} and
 * feeds each full list to the detector as the aggregator would. The process is observed as first
 * seen 11 minutes ago, so it is past the default 10-minute learning period from its first list: that
 * list is the baseline and every later one is a change after learning.
 */
final class ProcessWatch {

    private static final long MINUTE = 60_000;
    private static final ObjectMapper SAMPLES = new ObjectMapper();

    private final ProcfsReader proc;
    private final ExecMappingDetector detector;
    private final int pid;
    private final long firstSeen = System.currentTimeMillis() - 11 * MINUTE;
    private ExecMappingState state;
    private List<Mapping> last;
    private int lastChangeSize;
    private int lastExecChangeSize;

    ProcessWatch(ProcfsReader proc, ExecMappingDetector detector, int pid) {
        this.proc = proc;
        this.detector = detector;
        this.pid = pid;
        this.state = detector.initial();
    }

    /** Reads the process's maps now and observes them: the first call gives the first list. */
    List<Finding> sample() throws ProcfsException {
        boolean first = last == null;
        ProcessSnapshot snapshot = proc.read(pid);
        List<Mapping> now = snapshot.mappings();
        long at = Math.max(System.currentTimeMillis(), firstSeen + 11 * MINUTE);
        MappingChange change = change(first ? List.of() : last, now);
        lastChangeSize = change.added().size() + change.removed().size();
        lastExecChangeSize = (int) Stream.concat(change.added().stream(), change.removed().stream())
                .filter(Mapping::executable).count();
        String name = snapshot.stat().comm();
        Observation observation = new Observation("bench-host", "bench-host", "bench-boot", pid,
                snapshot.stat().startTime(), name, at, firstSeen, sample(pid, snapshot.stat().startTime(), name, at, now),
                now, change, first, true, null, null);
        List<Finding> findings = new ArrayList<>();
        state = detector.observe(state, observation, findings);
        last = now;
        return findings;
    }

    /** What the detector says when the process exits: a RESOLVED for each open episode. */
    List<Finding> exited() {
        List<Finding> findings = new ArrayList<>();
        detector.exited(state, System.currentTimeMillis(), findings);
        return findings;
    }

    ExecMappingState state() {
        return state;
    }

    List<Mapping> last() {
        return last;
    }

    /** Mappings added plus removed by the last sample. */
    int lastChangeSize() {
        return lastChangeSize;
    }

    /** Executable mappings added plus removed by the last sample. */
    int lastExecChangeSize() {
        return lastExecChangeSize;
    }

    static MappingChange change(List<Mapping> before, List<Mapping> after) {
        Set<Mapping> old = new HashSet<>(before);
        Set<Mapping> now = new HashSet<>(after);
        return new MappingChange(after.stream().filter(m -> !old.contains(m)).toList(),
                before.stream().filter(m -> !now.contains(m)).toList());
    }

    /** A sample with the fields the detector reads; through Jackson so fields added later do not matter. */
    private static ProcessSample sample(int pid, long startTime, String name, long at, List<Mapping> mappings) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("recordType", "ProcessSample");
        fields.put("runId", "bench");
        fields.put("seq", 1);
        fields.put("hostId", "bench-host");
        fields.put("bootId", "bench-boot");
        fields.put("pid", pid);
        fields.put("startTime", startTime);
        fields.put("ppid", 1);
        fields.put("name", name);
        fields.put("uid", 0);
        fields.put("state", "S");
        fields.put("threads", 1);
        fields.put("sampledAt", at);
        fields.put("mapCount", mappings.size());
        fields.put("mapsDigest", "bench");
        return SAMPLES.convertValue(fields, ProcessSample.class).withMappings(mappings);
    }
}
