package io.memfleet.schema;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.ser.std.StdScalarSerializer;
import java.io.IOException;

/**
 * JSON form of an unsigned 64-bit address: lower-case hex without {@code 0x}, as in
 * {@code /proc/<pid>/maps}. A JSON number would lose precision above 2^53 in jq and JavaScript,
 * and {@code [vsyscall]} lives at {@code ffffffffff600000}.
 */
public final class UnsignedHex {

    private UnsignedHex() {
    }

    public static final class Serializer extends StdScalarSerializer<Long> {
        public Serializer() {
            super(Long.class);
        }

        @Override
        public void serialize(Long value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeString(Long.toHexString(value));
        }
    }

    public static final class Deserializer extends StdScalarDeserializer<Long> {
        public Deserializer() {
            super(Long.class);
        }

        @Override
        public Long deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() != JsonToken.VALUE_STRING) {
                return (Long) ctxt.handleUnexpectedToken(Long.class, p);
            }
            String text = p.getText();
            try {
                if (text.isEmpty() || text.length() > 16) {
                    throw new NumberFormatException();
                }
                return Long.parseUnsignedLong(text, 16);
            } catch (NumberFormatException e) {
                return (Long) ctxt.handleWeirdStringValue(Long.class, text, "not an unsigned 64-bit hex address");
            }
        }
    }
}
