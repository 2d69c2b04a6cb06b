package io.memfleet.collector.sample;

import io.memfleet.schema.Mapping;
import io.memfleet.schema.MappingsPart;
import io.memfleet.schema.ProcessSample;
import io.memfleet.schema.SampleRecord;
import io.memfleet.schema.codec.RecordCodec;
import io.memfleet.schema.codec.WireFormat;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps every record under {@link #PART_BYTES} encoded, well under Kafka's 1 MiB defaults
 * ({@code max.request.size}, the topic's {@code max.message.bytes}): a sample whose mapping list
 * would make it bigger goes as {@link MappingsPart}s — consecutive slices of the list, each under
 * the budget — followed by the sample without its list. Budgeted by encoded bytes in the run's
 * wire format, not by count, because one path can be 4 KiB. Seqs are left for the caller to
 * number in the order returned.
 *
 * <p>Measuring is cheap for the usual list: a bound of each mapping's size (fixed fields plus six
 * bytes a path character, JSON's worst escape) decides most lists without encoding them; only a
 * list the bound cannot place is encoded mapping by mapping.
 */
public final class MappingListSplitter {

    /** Encoded bytes a record may take: half the 1 MiB defaults, leaving room for headers and batch framing. */
    public static final int PART_BYTES = 512 * 1024;
    /** More than any mapping's fields other than its path take, in either format. */
    private static final int FIXED_BYTES_BOUND = 200;
    private static final int PATH_CHAR_BYTES_BOUND = 6;
    /** An array separator in JSON; Avro's block counts cost less. */
    private static final int ITEM_SEPARATOR_BYTES = 1;

    private final RecordCodec codec = new RecordCodec();
    private final WireFormat format;
    private final int partBytes;

    public MappingListSplitter(WireFormat format) {
        this(format, PART_BYTES);
    }

    /** With another budget (tests). */
    public MappingListSplitter(WireFormat format, int partBytes) {
        this.format = format;
        this.partBytes = partBytes;
    }

    /** The records that carry {@code sample}: the sample itself, or its list's parts and then the sample without it. */
    public List<SampleRecord> split(ProcessSample sample) {
        List<Mapping> mappings = sample.mappings();
        if (mappings == null || mappings.isEmpty()) {
            return List.of(sample);
        }
        int base = codec.encode(sample.withoutMappings(), format).length;
        long bound = base;
        for (Mapping mapping : mappings) {
            bound += FIXED_BYTES_BOUND + (long) PATH_CHAR_BYTES_BOUND * mapping.path().length();
        }
        if (bound <= partBytes) {
            return List.of(sample);
        }
        int[] sizes = new int[mappings.size()];
        long exact = base;
        for (int i = 0; i < sizes.length; i++) {
            sizes[i] = encodedSize(mappings.get(i)) + ITEM_SEPARATOR_BYTES;
            exact += sizes[i];
        }
        if (exact <= partBytes) {
            return List.of(sample);
        }
        return parts(sample, sizes);
    }

    private List<SampleRecord> parts(ProcessSample sample, int[] sizes) {
        List<Mapping> mappings = sample.mappings();
        int overhead = codec.encode(part(sample, 0, Integer.MAX_VALUE, List.of()), format).length;
        int room = partBytes - overhead;
        List<int[]> slices = new ArrayList<>();
        int from = 0;
        long used = 0;
        for (int i = 0; i < sizes.length; i++) {
            if (used + sizes[i] > room && i > from) {
                slices.add(new int[] {from, i});
                from = i;
                used = 0;
            }
            used += sizes[i];
        }
        slices.add(new int[] {from, sizes.length});
        List<SampleRecord> records = new ArrayList<>(slices.size() + 1);
        for (int p = 0; p < slices.size(); p++) {
            int[] slice = slices.get(p);
            records.add(part(sample, p, slices.size(), mappings.subList(slice[0], slice[1])));
        }
        records.add(sample.withoutMappings());
        return records;
    }

    private static MappingsPart part(ProcessSample sample, int part, int parts, List<Mapping> slice) {
        return new MappingsPart(sample.runId(), sample.seq(), sample.hostId(), sample.bootId(), sample.pid(),
                sample.startTime(), sample.mapsDigest(), sample.mapCount(), part, parts, slice);
    }

    /** In Avro an over-count: single-object encoding's 10-byte header comes once a record, not once an item. */
    private int encodedSize(Mapping mapping) {
        return codec.encode(mapping, format).length;
    }
}
