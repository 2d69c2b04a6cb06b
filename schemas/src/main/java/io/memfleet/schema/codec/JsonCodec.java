package io.memfleet.schema.codec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.memfleet.schema.HostHeartbeat;
import io.memfleet.schema.MappingsPart;
import io.memfleet.schema.ProcessExit;
import io.memfleet.schema.ProcessSample;
import io.memfleet.schema.SampleRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import org.apache.avro.Schema;

/**
 * JSON form of the records (Jackson). Absent fields are omitted, not written as zero or null.
 * Readers ignore fields they do not know (a newer writer may add some) but insist on every field
 * the Avro schema does not mark nullable, so a decoded record is never half-filled. Thread-safe.
 */
public final class JsonCodec {

    private static final Map<String, Class<? extends SampleRecord>> SAMPLE_TYPES = Map.of(
            ProcessSample.class.getSimpleName(), ProcessSample.class,
            ProcessExit.class.getSimpleName(), ProcessExit.class,
            HostHeartbeat.class.getSimpleName(), HostHeartbeat.class,
            MappingsPart.class.getSimpleName(), MappingsPart.class);

    private final ObjectMapper mapper = newMapper();

    /** The mapper's settings, for other JSON writers (the HTTP API) that must agree with the records. */
    public static ObjectMapper newMapper() {
        ObjectMapper mapper = JsonMapper.builder()
                .serializationInclusion(JsonInclude.Include.NON_NULL)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build();
        // "42" for a number or 1.5 for a count is a writer bug: reject it instead of guessing.
        mapper.coercionConfigDefaults()
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
        return mapper;
    }

    public byte[] encode(Object record) {
        try {
            return mapper.writeValueAsBytes(record);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot write " + record.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /** Decodes a record of {@code memfleet.samples}, choosing the type by its {@code recordType} property. */
    public SampleRecord decodeSample(byte[] payload) {
        JsonNode tree = parseObject(payload);
        JsonNode recordType = tree.get("recordType");
        if (recordType == null || !recordType.isTextual()) {
            throw new RecordDecodeException("JSON sample record has no recordType: expected one of "
                    + SAMPLE_TYPES.keySet());
        }
        Class<? extends SampleRecord> type = SAMPLE_TYPES.get(recordType.asText());
        if (type == null) {
            throw new RecordDecodeException("unknown recordType '" + recordType.asText() + "': expected one of "
                    + SAMPLE_TYPES.keySet());
        }
        return convert(tree, type);
    }

    /** Decodes a payload that must hold a {@code type}. */
    public <T> T decode(byte[] payload, Class<T> type) {
        return convert(parseObject(payload), type);
    }

    private JsonNode parseObject(byte[] payload) {
        JsonNode tree;
        try {
            tree = mapper.readTree(payload);
        } catch (IOException e) {
            throw new RecordDecodeException("malformed JSON: " + rootMessage(e), e);
        }
        if (tree == null || !tree.isObject()) {
            throw new RecordDecodeException("JSON record must be an object, got "
                    + (tree == null ? "nothing" : tree.getNodeType()));
        }
        return tree;
    }

    private <T> T convert(JsonNode tree, Class<T> type) {
        requireFields(tree, AvroSchemas.of(type), type.getSimpleName());
        try {
            return mapper.treeToValue(tree, type);
        } catch (IOException | IllegalArgumentException e) {
            throw new RecordDecodeException("JSON does not fit " + type.getSimpleName() + ": " + rootMessage(e), e);
        }
    }

    /** Every field the schema does not declare nullable must be present and non-null, nested records too. */
    private static void requireFields(JsonNode node, Schema schema, String where) {
        for (Schema.Field field : schema.getFields()) {
            JsonNode value = node.get(field.name());
            boolean nullable = field.schema().isNullable();
            if (value == null || value.isNull()) {
                if (!nullable) {
                    throw new RecordDecodeException(where + " lacks required field '" + field.name() + "'");
                }
                continue;
            }
            Schema valueSchema = nonNull(field.schema());
            if (valueSchema.getType() == Schema.Type.RECORD && value.isObject()) {
                requireFields(value, valueSchema, where + "." + field.name());
            } else if (valueSchema.getType() == Schema.Type.ARRAY && value.isArray()
                    && valueSchema.getElementType().getType() == Schema.Type.RECORD) {
                for (int i = 0; i < value.size(); i++) {
                    JsonNode item = value.get(i);
                    if (!item.isObject()) {
                        throw new RecordDecodeException(where + "." + field.name() + "[" + i + "] is not an object");
                    }
                    requireFields(item, valueSchema.getElementType(), where + "." + field.name() + "[" + i + "]");
                }
            }
        }
    }

    private static Schema nonNull(Schema schema) {
        if (schema.getType() != Schema.Type.UNION) {
            return schema;
        }
        return schema.getTypes().stream().filter(s -> s.getType() != Schema.Type.NULL).findFirst().orElse(schema);
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root instanceof JsonProcessingException j ? j.getOriginalMessage() : root.getMessage();
        return message == null ? root.getClass().getSimpleName() : message;
    }
}
