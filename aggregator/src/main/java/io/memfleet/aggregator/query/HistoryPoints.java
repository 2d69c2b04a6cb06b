package io.memfleet.aggregator.query;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.memfleet.aggregator.topology.MemoryField;
import io.memfleet.aggregator.topology.MemoryPoint;
import io.memfleet.aggregator.topology.Rollup;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/**
 * The points of a history answer, kept as the samples or buckets they are and written straight to
 * JSON by {@link Json}: building a map per point (and one per field of each bucket) for Jackson to
 * walk again would be half of the time of a query for a day at the default {@code maxPoints}.
 * Each point is {@code {"t": ..., <field>: value}} for raw samples, and
 * {@code {"t": ..., "samples": n, <field>: {"min", "max", "avg"}}} for buckets (avg to one decimal).
 */
@JsonSerialize(using = HistoryPoints.Json.class)
public final class HistoryPoints {

    private final MemoryField[] fields;
    private final boolean raw;
    private long[] times;
    private Object[] values; // MemoryPoint when raw, else Rollup
    private int size;

    private HistoryPoints(List<MemoryField> fields, boolean raw, int expected) {
        this.fields = fields.toArray(new MemoryField[0]);
        this.raw = raw;
        this.times = new long[Math.max(1, expected)];
        this.values = new Object[Math.max(1, expected)];
    }

    /** Points that are one sample each. */
    static HistoryPoints raw(List<MemoryField> fields, int expected) {
        return new HistoryPoints(fields, true, expected);
    }

    /** Points that are buckets of samples. */
    static HistoryPoints buckets(List<MemoryField> fields, int expected) {
        return new HistoryPoints(fields, false, expected);
    }

    HistoryPoints add(long t, MemoryPoint point) {
        if (!raw) {
            throw new IllegalStateException("a raw sample among buckets");
        }
        return append(t, point);
    }

    HistoryPoints add(long t, Rollup bucket) {
        if (raw) {
            throw new IllegalStateException("a bucket among raw samples");
        }
        return append(t, bucket);
    }

    private HistoryPoints append(long t, Object value) {
        if (size == times.length) {
            times = Arrays.copyOf(times, size * 2);
            values = Arrays.copyOf(values, size * 2);
        }
        times[size] = t;
        values[size++] = value;
        return this;
    }

    public int size() {
        return size;
    }

    /** Writes the points as a JSON array. */
    static final class Json extends StdSerializer<HistoryPoints> {
        private static final long serialVersionUID = 1L;

        Json() {
            super(HistoryPoints.class);
        }

        @Override
        public void serialize(HistoryPoints points, JsonGenerator out, SerializerProvider provider) throws IOException {
            out.writeStartArray(points, points.size);
            for (int i = 0; i < points.size; i++) {
                out.writeStartObject();
                out.writeStringField("t", IsoTime.of(points.times[i]));
                if (points.raw) {
                    writeSample(out, points.fields, (MemoryPoint) points.values[i]);
                } else {
                    writeBucket(out, points.fields, (Rollup) points.values[i]);
                }
                out.writeEndObject();
            }
            out.writeEndArray();
        }

        private static void writeSample(JsonGenerator out, MemoryField[] fields, MemoryPoint point) throws IOException {
            for (MemoryField field : fields) {
                if (point.has(field.ordinal())) {
                    out.writeNumberField(field.jsonName(), point.value(field.ordinal()));
                }
            }
        }

        private static void writeBucket(JsonGenerator out, MemoryField[] fields, Rollup bucket) throws IOException {
            out.writeNumberField("samples", bucket.count());
            for (MemoryField field : fields) {
                if (bucket.has(field)) {
                    out.writeObjectFieldStart(field.jsonName());
                    out.writeNumberField("min", bucket.min(field));
                    out.writeNumberField("max", bucket.max(field));
                    out.writeNumberField("avg", Math.round(bucket.avg(field) * 10) / 10.0);
                    out.writeEndObject();
                }
            }
        }
    }
}
