package io.memfleet.collector.sample;

import static org.assertj.core.api.Assertions.assertThat;

import io.memfleet.schema.Mapping;
import io.memfleet.schema.MappingsPart;
import io.memfleet.schema.ProcessSample;
import io.memfleet.schema.SampleRecord;
import io.memfleet.schema.codec.RecordCodec;
import io.memfleet.schema.codec.WireFormat;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class MappingListSplitterTest {

    private final RecordCodec codec = new RecordCodec();

    @ParameterizedTest
    @EnumSource(WireFormat.class)
    void shouldSendASmallListInsideItsSample(WireFormat format) {
        ProcessSample sample = sample(mappings(300, ""));

        assertThat(new MappingListSplitter(format).split(sample)).containsExactly(sample);
    }

    @ParameterizedTest
    @EnumSource(WireFormat.class)
    void shouldSplitABigListIntoPartsUnderTheBudgetFollowedByTheSampleWithoutIt(WireFormat format) {
        List<Mapping> mappings = mappings(262_144, "");
        ProcessSample sample = sample(mappings);

        List<SampleRecord> records = new MappingListSplitter(format).split(sample);

        assertThat(records.get(records.size() - 1)).isEqualTo(sample.withoutMappings());
        List<MappingsPart> parts = records.subList(0, records.size() - 1).stream().map(MappingsPart.class::cast).toList();
        List<Mapping> joined = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            MappingsPart part = parts.get(i);
            assertThat(part.part()).isEqualTo(i);
            assertThat(part.parts()).isEqualTo(parts.size());
            assertThat(part.mapsDigest()).isEqualTo(sample.mapsDigest());
            assertThat(part.mapCount()).isEqualTo(262_144);
            assertThat(codec.encode(part, format).length).isLessThanOrEqualTo(MappingListSplitter.PART_BYTES);
            joined.addAll(part.mappings());
        }
        assertThat(joined).isEqualTo(mappings);
        System.out.printf("262,144 mappings in %s: %,d bytes whole, %d parts%n", format,
                codec.encode(sample, format).length, parts.size());
    }

    @ParameterizedTest
    @EnumSource(WireFormat.class)
    void shouldBudgetByBytesNotByCount(WireFormat format) {
        // 300 mappings with 4 KiB paths: few, but over the budget.
        ProcessSample sample = sample(mappings(300, "/" + "p".repeat(4_000)));

        List<SampleRecord> records = new MappingListSplitter(format).split(sample);

        assertThat(records).hasSizeGreaterThan(2);
        assertThat(records).allSatisfy(r -> assertThat(codec.encode((Record) r, format).length)
                .isLessThanOrEqualTo(MappingListSplitter.PART_BYTES));
    }

    static List<Mapping> mappings(int count, String path) {
        List<Mapping> mappings = new ArrayList<>(count);
        for (long i = 0; i < count; i++) {
            long start = 0x7f0000000000L + i * 0x2000;
            mappings.add(Mapping.of(start, start + 0x1000, i % 2 == 0 ? "rw-p" : "r--p", 0, "00:00", 0, path));
        }
        return mappings;
    }

    private static ProcessSample sample(List<Mapping> mappings) {
        return new ProcessSample("run-1", 0, "host-a", "boot-1", 4242, 99, 1, "big", 0, "S", 1, 1_000L, null, null,
                null, null, null, null, null, null, null, null, null, null, null, null, null, mappings.size(),
                "digest", mappings, null, null);
    }
}
