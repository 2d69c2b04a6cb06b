package io.memfleet.schema.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The {@code .avsc} files are the source of truth and the Java records are written by hand: these
 * tests fail as soon as a field is added to, removed from, renamed in or retyped in one side only.
 */
class SchemaDriftTest {

    static Stream<Class<? extends Record>> recordTypes() {
        return AvroSchemas.all().keySet().stream();
    }

    @ParameterizedTest
    @MethodSource("recordTypes")
    void shouldDeclareTheSameFieldsInTheSameOrder(Class<? extends Record> type) {
        List<String> javaFields = Arrays.stream(type.getRecordComponents()).map(RecordComponent::getName).toList();
        List<String> avroFields = AvroSchemas.of(type).getFields().stream().map(Schema.Field::name).toList();

        assertThat(javaFields).as("fields of %s vs %s.avsc", type.getSimpleName(), type.getSimpleName())
                .containsExactlyElementsOf(avroFields);
    }

    @ParameterizedTest
    @MethodSource("recordTypes")
    void shouldDeclareCompatibleTypesAndNullability(Class<? extends Record> type) {
        Schema schema = AvroSchemas.of(type);
        for (RecordComponent component : type.getRecordComponents()) {
            Schema.Field field = schema.getField(component.getName());
            assertCompatible(component.getGenericType(), field.schema(), type.getSimpleName() + "." + field.name());
        }
    }

    @ParameterizedTest
    @MethodSource("recordTypes")
    void shouldDocumentEveryField(Class<? extends Record> type) {
        Schema schema = AvroSchemas.of(type);
        assertThat(schema.getDoc()).as("doc of %s", type.getSimpleName()).isNotBlank();
        for (Schema.Field field : schema.getFields()) {
            assertThat(field.doc()).as("doc of %s.%s", type.getSimpleName(), field.name()).isNotBlank();
        }
    }

    private static void assertCompatible(Type javaType, Schema schema, String where) {
        Class<?> raw = javaType instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) javaType;
        if (schema.getType() == Schema.Type.UNION) {
            assertThat(schema.isNullable()).as(where + " union must be [null, T]").isTrue();
            assertThat(raw.isPrimitive()).as(where + " is nullable in Avro, so it must be a reference type").isFalse();
            Schema branch = schema.getTypes().stream().filter(s -> s.getType() != Schema.Type.NULL).findFirst()
                    .orElseThrow();
            assertCompatible(javaType, branch, where);
            return;
        }
        switch (schema.getType()) {
            case LONG -> assertThat(raw).as(where).isIn(long.class, Long.class);
            case INT -> assertThat(raw).as(where).isIn(int.class, Integer.class);
            case STRING -> assertThat(raw).as(where).isEqualTo(String.class);
            case BOOLEAN -> assertThat(raw).as(where).isIn(boolean.class, Boolean.class);
            case DOUBLE -> assertThat(raw).as(where).isIn(double.class, Double.class);
            case ENUM -> {
                assertThat(raw.isEnum()).as(where + " must be an enum").isTrue();
                List<String> javaSymbols = Arrays.stream(raw.getEnumConstants()).map(c -> ((Enum<?>) c).name()).toList();
                assertThat(javaSymbols).as(where + " symbols").containsExactlyElementsOf(schema.getEnumSymbols());
            }
            case RECORD -> {
                assertThat(raw.isRecord()).as(where + " must be a record").isTrue();
                assertThat(raw.getSimpleName()).as(where).isEqualTo(schema.getName());
            }
            case ARRAY -> {
                assertThat(raw).as(where).isEqualTo(List.class);
                assertCompatible(((ParameterizedType) javaType).getActualTypeArguments()[0], schema.getElementType(),
                        where + "[]");
            }
            case MAP -> {
                assertThat(raw).as(where).isEqualTo(Map.class);
                assertCompatible(((ParameterizedType) javaType).getActualTypeArguments()[1], schema.getValueType(),
                        where + "{}");
            }
            default -> throw new AssertionError(where + ": Avro type " + schema.getType() + " is not mapped");
        }
        if (raw.isPrimitive()) {
            assertThat(schema.getType()).as(where).isNotEqualTo(Schema.Type.NULL);
        }
    }
}
