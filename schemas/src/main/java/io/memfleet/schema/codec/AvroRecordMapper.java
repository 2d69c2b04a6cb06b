package io.memfleet.schema.codec;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * Copies a Java record to an Avro {@link GenericRecord} and back, field by field by name.
 *
 * <p>One generic mapper instead of Avro-generated classes keeps the Java types plain immutable
 * records (readable, Jackson-friendly) while the {@code .avsc} stays the source of truth. Our
 * schemas only use primitives, strings, enums, arrays, string-keyed maps, nested records and
 * {@code ["null", T]} unions, so that is all this handles.
 */
final class AvroRecordMapper {

    private static final ClassValue<RecordShape> SHAPES = new ClassValue<>() {
        @Override
        protected RecordShape computeValue(Class<?> type) {
            return new RecordShape(type);
        }
    };

    private AvroRecordMapper() {
    }

    static GenericRecord toAvro(Record value, Schema schema) {
        RecordShape shape = SHAPES.get(value.getClass());
        GenericData.Record out = new GenericData.Record(schema);
        for (Schema.Field field : schema.getFields()) {
            Object javaValue = shape.get(value, field.name());
            out.put(field.pos(), toAvroValue(javaValue, field.schema(), field.name()));
        }
        return out;
    }

    static <T> T fromAvro(GenericRecord record, Class<T> type) {
        RecordShape shape = SHAPES.get(type);
        Object[] args = new Object[shape.components.length];
        for (int i = 0; i < args.length; i++) {
            RecordComponent component = shape.components[i];
            Schema.Field field = record.getSchema().getField(component.getName());
            if (field == null) {
                throw new RecordDecodeException(type.getSimpleName() + " schema has no field '" + component.getName() + "'");
            }
            args[i] = fromAvroValue(record.get(field.pos()), component.getGenericType(), component.getName());
        }
        return type.cast(shape.construct(args));
    }

    private static Object toAvroValue(Object value, Schema schema, String name) {
        switch (schema.getType()) {
            case UNION:
                if (value == null) {
                    return null;
                }
                for (Schema branch : schema.getTypes()) {
                    if (branch.getType() != Schema.Type.NULL) {
                        return toAvroValue(value, branch, name);
                    }
                }
                throw new IllegalArgumentException("union for '" + name + "' has no non-null branch");
            case RECORD:
                return toAvro((Record) value, schema);
            case ENUM:
                return new GenericData.EnumSymbol(schema, ((Enum<?>) value).name());
            case ARRAY: {
                Collection<?> items = (Collection<?>) value;
                GenericData.Array<Object> array = new GenericData.Array<>(items.size(), schema);
                for (Object item : items) {
                    array.add(toAvroValue(item, schema.getElementType(), name));
                }
                return array;
            }
            case MAP: {
                Map<String, Object> map = new LinkedHashMap<>();
                ((Map<?, ?>) value).forEach((k, v) -> map.put((String) k, toAvroValue(v, schema.getValueType(), name)));
                return map;
            }
            default:
                return value;
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object fromAvroValue(Object value, Type javaType, String name) {
        if (value == null) {
            return null;
        }
        Class<?> raw = rawClass(javaType);
        if (raw == String.class) {
            return value.toString();
        }
        if (raw.isEnum()) {
            return Enum.valueOf((Class<? extends Enum>) raw, value.toString());
        }
        if (raw.isRecord()) {
            return fromAvro((GenericRecord) value, raw);
        }
        if (List.class.isAssignableFrom(raw)) {
            Type itemType = typeArgument(javaType, 0);
            Collection<?> items = (Collection<?>) value;
            List<Object> list = new ArrayList<>(items.size());
            for (Object item : items) {
                list.add(fromAvroValue(item, itemType, name));
            }
            return list;
        }
        if (Map.class.isAssignableFrom(raw)) {
            Type valueType = typeArgument(javaType, 1);
            Map<String, Object> map = new LinkedHashMap<>();
            ((Map<?, ?>) value).forEach((k, v) -> map.put(k.toString(), fromAvroValue(v, valueType, name)));
            return map;
        }
        return value;
    }

    private static Class<?> rawClass(Type type) {
        return type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
    }

    private static Type typeArgument(Type type, int index) {
        return ((ParameterizedType) type).getActualTypeArguments()[index];
    }

    /** A record class's components, accessors and canonical constructor, looked up once. */
    private static final class RecordShape {
        final RecordComponent[] components;
        final Map<String, Method> accessors = new LinkedHashMap<>();
        final Constructor<?> constructor;

        RecordShape(Class<?> type) {
            if (!type.isRecord()) {
                throw new IllegalArgumentException(type.getName() + " is not a record");
            }
            components = type.getRecordComponents();
            Class<?>[] parameterTypes = new Class<?>[components.length];
            for (int i = 0; i < components.length; i++) {
                accessors.put(components[i].getName(), components[i].getAccessor());
                parameterTypes[i] = components[i].getType();
            }
            try {
                constructor = type.getDeclaredConstructor(parameterTypes);
            } catch (NoSuchMethodException e) {
                throw new IllegalStateException("record " + type.getName() + " has no canonical constructor", e);
            }
        }

        Object get(Object record, String name) {
            Method accessor = accessors.get(name);
            if (accessor == null) {
                throw new IllegalStateException(record.getClass().getSimpleName() + " has no field '" + name
                        + "' that its Avro schema declares");
            }
            try {
                return accessor.invoke(record);
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException("cannot read " + name, e);
            }
        }

        Object construct(Object[] args) {
            try {
                return constructor.newInstance(args);
            } catch (InvocationTargetException e) {
                throw new RecordDecodeException("invalid " + constructor.getDeclaringClass().getSimpleName() + ": "
                        + e.getCause().getMessage(), e.getCause());
            } catch (ReflectiveOperationException | IllegalArgumentException e) {
                throw new RecordDecodeException("cannot build " + constructor.getDeclaringClass().getSimpleName(), e);
            }
        }
    }
}
