package io.memfleet.aggregator.query;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import java.io.IOException;
import java.time.Instant;

/**
 * Times as the API writes them: ISO-8601 UTC ({@code 2026-11-30T10:00:00Z}, with milliseconds when
 * there are any). The stores and the topics keep epoch milliseconds; only the API's views convert.
 */
final class IsoTime {

    private IsoTime() {
    }

    static String of(long epochMillis) {
        return Instant.ofEpochMilli(epochMillis).toString();
    }

    /**
     * Reads an API time from another instance: ISO-8601 text, or epoch milliseconds from an
     * instance still running an older aggregator (which wrote {@code detectedAt} as a number), so
     * a merge still works during a rolling upgrade.
     */
    static final class Reader extends StdDeserializer<String> {
        private static final long serialVersionUID = 1L;

        Reader() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (parser.currentToken() == JsonToken.VALUE_NUMBER_INT) {
                return of(parser.getLongValue());
            }
            return parser.getValueAsString();
        }
    }
}
