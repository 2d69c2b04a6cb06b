package io.memfleet.schema.codec;

import io.memfleet.schema.Anomaly;
import io.memfleet.schema.HostHeartbeat;
import io.memfleet.schema.Mapping;
import io.memfleet.schema.MappingsPart;
import io.memfleet.schema.ProcessExit;
import io.memfleet.schema.ProcessSample;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;

/**
 * The {@code .avsc} files on the classpath, parsed once. They are the source of truth for the
 * record contracts; the Java records must match them field for field (see {@code SchemaDriftTest}).
 */
public final class AvroSchemas {

    /** Parse order matters: {@code Mapping} is referenced by name from {@code ProcessSample}. */
    private static final Map<Class<? extends Record>, Schema> BY_TYPE = load(
            Mapping.class, ProcessSample.class, ProcessExit.class, HostHeartbeat.class, MappingsPart.class,
            Anomaly.class);

    /**
     * Writer schemas of earlier versions, still read: single-object encoding names a record's schema
     * by fingerprint, so a record an earlier collector wrote (or left in its spool) names one of
     * these. Each file is named by its fingerprint and is never edited; a changed schema adds one.
     */
    private static final Map<Class<? extends Record>, List<Schema>> PREVIOUS = Map.of(
            ProcessSample.class, List.of(loadPrevious("ProcessSample-097aa4c8f6c9fdad.avsc")));

    private AvroSchemas() {
    }

    /** The schemas earlier versions wrote a record type with (empty when it never changed). */
    public static List<Schema> previous(Class<?> type) {
        return PREVIOUS.getOrDefault(type, List.of());
    }

    /** The schema of a record type, or an exception naming the type if it has none. */
    public static Schema of(Class<?> type) {
        Schema schema = BY_TYPE.get(type);
        if (schema == null) {
            throw new IllegalArgumentException("no Avro schema for " + type.getName());
        }
        return schema;
    }

    /** Every record type with its schema, in parse order. */
    public static Map<Class<? extends Record>, Schema> all() {
        return BY_TYPE;
    }

    private static Schema loadPrevious(String resource) {
        Schema.Parser parser = new Schema.Parser();
        parser.parse(resourceText("Mapping.avsc")); // referenced by name, unchanged since
        return parser.parse(resourceText("previous/" + resource));
    }

    private static String resourceText(String resource) {
        try (InputStream in = AvroSchemas.class.getResourceAsStream("/io/memfleet/schema/" + resource)) {
            if (in == null) {
                throw new IllegalStateException("schema resource " + resource + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read schema " + resource, e);
        }
    }

    @SafeVarargs
    private static Map<Class<? extends Record>, Schema> load(Class<? extends Record>... types) {
        Schema.Parser parser = new Schema.Parser();
        Map<Class<? extends Record>, Schema> schemas = new LinkedHashMap<>();
        for (Class<? extends Record> type : types) {
            String resource = type.getSimpleName() + ".avsc";
            try (InputStream in = AvroSchemas.class.getResourceAsStream("/io/memfleet/schema/" + resource)) {
                if (in == null) {
                    throw new IllegalStateException("schema resource " + resource + " is missing from the classpath");
                }
                schemas.put(type, parser.parse(in));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read schema " + resource, e);
            }
        }
        return Map.copyOf(schemas);
    }
}
