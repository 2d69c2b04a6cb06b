package io.memfleet.aggregator.detect.exec;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.memfleet.schema.AnomalyType;
import io.memfleet.schema.Severity;
import io.memfleet.schema.UnsignedHex;
import java.util.List;
import java.util.Objects;

/**
 * What {@link ExecMappingDetector} remembers of one process. Immutable and JSON-serializable.
 *
 * <p><b>Bound.</b> At most {@code maxKnownFiles} paths (default 1,024) of 256 KiB in all,
 * {@code maxKnownAnonymousRanges} ranges (default 64) in each of the two range lists and
 * {@code maxOpenEpisodes} episodes (default 64), each holding one mapping line; a path is at most
 * PATH_MAX (4,096) bytes, so the state is bounded by about 256 KiB + 2 × 64 × 4 KiB ≈ 768 KiB plus
 * 2 × 64 ranges in the worst case, under the changelog's 1 MiB default, and a few KiB for real
 * processes (a JVM: ~25 paths, 3 ranges, 1 code cache range, no episodes, about 2.5 KB of JSON).
 *
 * @param pid            the process, for summaries written on exit
 * @param processName    its name when last observed, for summaries written on exit
 * @param listSeen       a full mapping list has been seen
 * @param learned        the learning period is over: the baseline is frozen and new executable mappings count
 * @param knownFiles     paths of files mapped executable while learning, sorted
 * @param knownAnonymous anonymous executable ranges seen while learning, sorted, disjoint, merged when too many
 * @param codeCache      the code cache reservation of a runtime that reserves one ({@link JitRuntime#reservesCodeCache()}):
 *                       its executable regions and the {@code ---p} reserve after them, seen while learning;
 *                       sorted, disjoint, merged when too many
 * @param open           episodes FIRING and not yet RESOLVED, in address order
 * @param notReported    offending mappings in the last list not reported because {@code maxOpenEpisodes}
 *                       episodes were open; each fires once a slot frees up
 */
public record ExecMappingState(
        int pid,
        String processName,
        boolean listSeen,
        boolean learned,
        List<String> knownFiles,
        List<Range> knownAnonymous,
        List<Range> codeCache,
        List<Episode> open,
        long notReported) {

    public ExecMappingState {
        Objects.requireNonNull(processName, "processName");
        knownFiles = List.copyOf(knownFiles);
        knownAnonymous = List.copyOf(knownAnonymous);
        codeCache = List.copyOf(codeCache);
        open = List.copyOf(open);
    }

    static ExecMappingState initial() {
        return new ExecMappingState(0, "", false, false, List.of(), List.of(), List.of(), List.of(), 0);
    }

    /** An address range {@code [start, end)}, unsigned, in hex in JSON. */
    public record Range(
            @JsonSerialize(using = UnsignedHex.Serializer.class) @JsonDeserialize(using = UnsignedHex.Deserializer.class)
            long start,
            @JsonSerialize(using = UnsignedHex.Serializer.class) @JsonDeserialize(using = UnsignedHex.Deserializer.class)
            long end) {

        boolean contains(long from, long to) {
            return Long.compareUnsigned(start, from) <= 0 && Long.compareUnsigned(to, end) <= 0;
        }
    }

    /**
     * An open episode: one offending mapping, identified within the process and type by
     * {@code episode} (its start address and path).
     *
     * @param rule the rule that fired ({@link Rule} name)
     * @param line the mapping line as the kernel wrote it when the episode started
     */
    public record Episode(
            AnomalyType type,
            Severity severity,
            String rule,
            String episode,
            @JsonSerialize(using = UnsignedHex.Serializer.class) @JsonDeserialize(using = UnsignedHex.Deserializer.class)
            long start,
            String path,
            String line) {

        public Episode {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(severity, "severity");
            Objects.requireNonNull(rule, "rule");
            Objects.requireNonNull(episode, "episode");
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(line, "line");
        }
    }
}
