package io.memfleet.aggregator.detect.exec;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.memfleet.aggregator.detect.Finding;
import io.memfleet.aggregator.detect.Observation;
import io.memfleet.aggregator.model.MappingChange;
import io.memfleet.collector.procfs.MapsParser;
import io.memfleet.collector.procfs.ProcfsParseException;
import io.memfleet.schema.Mapping;
import io.memfleet.schema.ProcessSample;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.Set;

/** Builds observations of one process the way the aggregator does: full lists, changes, ages. */
final class ExecFixtures {

    static final long MINUTE = 60_000;
    static final long T0 = 1_780_000_000_000L;

    private ExecFixtures() {
    }

    static List<Mapping> resource(String name) {
        try (InputStream in = ExecFixtures.class.getResourceAsStream("/detect/exec/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource /detect/exec/" + name);
            }
            return MapsParser.parse(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ProcfsParseException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<Mapping> parse(String maps) {
        try {
            return MapsParser.parse("test", maps.endsWith("\n") ? maps : maps + "\n");
        } catch (ProcfsParseException e) {
            throw new IllegalStateException(e);
        }
    }

    static Mapping anon(long start, long end, String perms) {
        return Mapping.of(start, end, perms, 0, "00:00", 0, "");
    }

    static Mapping file(long start, long end, String perms, String path) {
        return Mapping.of(start, end, perms, 0, "fe:00", Math.abs(path.hashCode()) + 1L, path);
    }

    static List<Mapping> plus(List<Mapping> base, Mapping... more) {
        List<Mapping> all = new ArrayList<>(base);
        all.addAll(List.of(more));
        all.sort((a, b) -> Long.compareUnsigned(a.start(), b.start()));
        return all;
    }

    static List<Mapping> minus(List<Mapping> base, Mapping... gone) {
        List<Mapping> all = new ArrayList<>(base);
        all.removeAll(List.of(gone));
        return all;
    }

    static MappingChange change(List<Mapping> before, List<Mapping> after) {
        Set<Mapping> old = new HashSet<>(before);
        Set<Mapping> now = new HashSet<>(after);
        return new MappingChange(after.stream().filter(m -> !old.contains(m)).toList(),
                before.stream().filter(m -> !now.contains(m)).toList());
    }

    /**
     * A sample with the fields this detector reads; built through Jackson so that fields other
     * modules add to the record later do not break these tests.
     */
    static ProcessSample sample(int pid, String name, long at, List<Mapping> mappings) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("recordType", "ProcessSample");
        fields.put("runId", "run-1");
        fields.put("seq", 1);
        fields.put("hostId", "host-a");
        fields.put("bootId", "boot-1");
        fields.put("pid", pid);
        fields.put("startTime", 4242);
        fields.put("ppid", 1);
        fields.put("name", name);
        fields.put("uid", 1000);
        fields.put("state", "S");
        fields.put("threads", 1);
        fields.put("sampledAt", at);
        fields.put("mapCount", mappings.size());
        fields.put("mapsDigest", "digest");
        return SAMPLES.convertValue(fields, ProcessSample.class).withMappings(mappings);
    }

    private static final ObjectMapper SAMPLES = new ObjectMapper();

    /** Drives one process through a detector: each step is a new full list at a given process age. */
    static final class Process {
        private final ExecMappingDetector detector;
        private final int pid;
        private final String name;
        private ExecMappingState state;
        private List<Mapping> last;

        Process(ExecMappingDetector detector, int pid, String name) {
            this.detector = detector;
            this.pid = pid;
            this.name = name;
            this.state = detector.initial();
        }

        /** The next full list, at {@code ageMs} after the process was first seen. */
        List<Finding> list(long ageMs, List<Mapping> mappings) {
            boolean first = last == null;
            MappingChange change = change(first ? List.of() : last, mappings);
            Observation observation = new Observation("host-a", "host-a.example", "boot-1", pid, 4242, name,
                    T0 + ageMs, T0, sample(pid, name, T0 + ageMs, mappings), mappings, change, first, true, null, null);
            last = mappings;
            return observe(observation);
        }

        /** A sample without a list (digest unchanged). */
        List<Finding> noList(long ageMs) {
            Observation observation = new Observation("host-a", "host-a.example", "boot-1", pid, 4242, name,
                    T0 + ageMs, T0, sample(pid, name, T0 + ageMs, last).withoutMappings(), last, null, false, true,
                    null, null);
            return observe(observation);
        }

        List<Finding> observe(Observation observation) {
            List<Finding> findings = new ArrayList<>();
            state = detector.observe(state, observation, findings);
            return findings;
        }

        List<Finding> exit(long ageMs) {
            List<Finding> findings = new ArrayList<>();
            detector.exited(state, T0 + ageMs, findings);
            return findings;
        }

        ExecMappingState state() {
            return state;
        }
    }
}
