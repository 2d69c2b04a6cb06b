package io.memfleet.aggregator.topology;

import io.memfleet.aggregator.codec.BinaryIn;
import io.memfleet.aggregator.codec.BinaryOut;
import io.memfleet.aggregator.codec.RecordBinary;
import io.memfleet.schema.Mapping;
import java.util.List;

/**
 * A process's current mapping list, stored apart from its {@link ProcessState}: the list is
 * ~30 KB of JSON for a typical process and changes on a few percent of samples, while the state is
 * read and written on every sample.
 */
public record MappingSet(List<Mapping> mappings) {

    public MappingSet {
        mappings = List.copyOf(mappings);
    }

    private static final int FORMAT = 1;

    byte[] toBytes() {
        return new BinaryOut(64 * mappings.size() + 8).writeInt(FORMAT)
                .writeList(mappings, RecordBinary::writeMapping).toBytes();
    }

    static MappingSet read(BinaryIn in) {
        in.readVersion(FORMAT, "mapping set");
        return new MappingSet(in.readList(RecordBinary::readMapping));
    }
}
