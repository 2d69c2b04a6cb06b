package io.memfleet.aggregator.topology;

import io.memfleet.schema.ProcessSample;
import java.util.Locale;
import java.util.function.Function;

/**
 * The series kept for every process: the fifteen memory fields of {@code /proc/<pid>/status}
 * (kB, named as in the records) and the thread count. The order is the storage order: append
 * only, never reorder, or stored points change meaning.
 */
public enum MemoryField {
    VM_PEAK_KB("vmPeakKb", ProcessSample::vmPeakKb),
    VM_SIZE_KB("vmSizeKb", ProcessSample::vmSizeKb),
    VM_LCK_KB("vmLckKb", ProcessSample::vmLckKb),
    VM_PIN_KB("vmPinKb", ProcessSample::vmPinKb),
    VM_HWM_KB("vmHwmKb", ProcessSample::vmHwmKb),
    VM_RSS_KB("vmRssKb", ProcessSample::vmRssKb),
    RSS_ANON_KB("rssAnonKb", ProcessSample::rssAnonKb),
    RSS_FILE_KB("rssFileKb", ProcessSample::rssFileKb),
    RSS_SHMEM_KB("rssShmemKb", ProcessSample::rssShmemKb),
    VM_DATA_KB("vmDataKb", ProcessSample::vmDataKb),
    VM_STK_KB("vmStkKb", ProcessSample::vmStkKb),
    VM_EXE_KB("vmExeKb", ProcessSample::vmExeKb),
    VM_LIB_KB("vmLibKb", ProcessSample::vmLibKb),
    VM_PTE_KB("vmPteKb", ProcessSample::vmPteKb),
    VM_SWAP_KB("vmSwapKb", ProcessSample::vmSwapKb),
    THREADS("threads", s -> (long) s.threads());

    private static final MemoryField[] VALUES = values();

    private final String jsonName;
    private final Function<ProcessSample, Long> reader;

    MemoryField(String jsonName, Function<ProcessSample, Long> reader) {
        this.jsonName = jsonName;
        this.reader = reader;
    }

    /** The name in records, JSON and the {@code fields=} query parameter. */
    public String jsonName() {
        return jsonName;
    }

    Long read(ProcessSample sample) {
        return reader.apply(sample);
    }

    static MemoryField at(int ordinal) {
        return VALUES[ordinal];
    }

    /** The field named {@code name} as in JSON, case-insensitively; an exception naming the choices otherwise. */
    public static MemoryField byJsonName(String name) {
        for (MemoryField field : VALUES) {
            if (field.jsonName.toLowerCase(Locale.ROOT).equals(name.trim().toLowerCase(Locale.ROOT))) {
                return field;
            }
        }
        StringBuilder known = new StringBuilder();
        for (MemoryField field : VALUES) {
            known.append(known.length() == 0 ? "" : ", ").append(field.jsonName);
        }
        throw new IllegalArgumentException("unknown field '" + name + "': expected one of " + known);
    }
}
