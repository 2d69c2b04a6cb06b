package io.memfleet.schema.codec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;

/**
 * Avro binary with Avro's single-object encoding: {@code C3 01}, the writer schema's 8-byte
 * CRC-64-AVRO fingerprint (little-endian), then the datum. The fingerprint tells the reader which
 * record type it holds, so no schema registry is needed. Thread-safe.
 */
public final class AvroCodec {

    private static final int HEADER_LENGTH = 10;

    /**
     * Avro allocates what a length prefix claims before it reads the bytes, up to 2 GiB per string
     * by default: one garbled varint in a record could take the aggregator's heap. No field of ours
     * comes near these (a path is at most 4 KiB, a record at most the producer's max.request.size),
     * and a process of 100,000 mappings fits the item limit many times. An operator's own setting of
     * these system properties wins. They must be set before Avro first decodes, which is here.
     */
    static final long MAX_STRING_BYTES = 16L << 20;
    static final long MAX_COLLECTION_ITEMS = 4_000_000;

    static {
        limitUnlessSet("org.apache.avro.limits.string.maxLength", MAX_STRING_BYTES);
        limitUnlessSet("org.apache.avro.limits.bytes.maxLength", MAX_STRING_BYTES);
        limitUnlessSet("org.apache.avro.limits.collectionItems.maxLength", MAX_COLLECTION_ITEMS);
    }

    private static void limitUnlessSet(String property, long limit) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, Long.toString(limit));
        }
    }

    private final Map<Class<?>, BinaryMessageEncoder<GenericRecord>> encoders = new HashMap<>();
    private final Map<Long, TypedDecoder> decoders = new HashMap<>();

    public AvroCodec() {
        AvroSchemas.all().forEach((type, schema) -> {
            encoders.put(type, new BinaryMessageEncoder<>(GenericData.get(), schema));
            BinaryMessageDecoder<GenericRecord> decoder = new BinaryMessageDecoder<>(GenericData.get(), schema);
            TypedDecoder typed = new TypedDecoder(type, decoder);
            decoders.put(SchemaNormalization.parsingFingerprint64(schema), typed);
            // A record written with an earlier schema is resolved to the current one (new fields: defaults).
            for (Schema previous : AvroSchemas.previous(type)) {
                decoder.addSchema(previous);
                decoders.put(SchemaNormalization.parsingFingerprint64(previous), typed);
            }
        });
    }

    /** True if the payload starts with the single-object encoding's marker. */
    public static boolean looksLikeAvro(byte[] payload) {
        return payload != null && payload.length >= 2 && payload[0] == (byte) 0xC3 && payload[1] == (byte) 0x01;
    }

    public byte[] encode(Record record) {
        BinaryMessageEncoder<GenericRecord> encoder = encoders.get(record.getClass());
        if (encoder == null) {
            throw new IllegalArgumentException("no Avro schema for " + record.getClass().getName());
        }
        try {
            GenericRecord avro = AvroRecordMapper.toAvro(record, AvroSchemas.of(record.getClass()));
            ByteBuffer buffer = encoder.encode(avro);
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Decodes a payload of any known record type. */
    public Record decode(byte[] payload) {
        return decode(payload, Record.class);
    }

    /** Decodes a payload that must hold an {@code expected} (a class or an interface it implements). */
    public <T> T decode(byte[] payload, Class<T> expected) {
        if (!looksLikeAvro(payload) || payload.length < HEADER_LENGTH) {
            throw new RecordDecodeException("not Avro single-object encoding: expected marker C3 01 and an 8-byte "
                    + "schema fingerprint, got " + describe(payload));
        }
        long fingerprint = ByteBuffer.wrap(payload, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        TypedDecoder decoder = decoders.get(fingerprint);
        if (decoder == null) {
            throw new RecordDecodeException(String.format(
                    "unknown Avro schema fingerprint %016x: written by a schema version this reader does not know",
                    fingerprint));
        }
        if (!expected.isAssignableFrom(decoder.type)) {
            throw new RecordDecodeException("expected " + expected.getSimpleName() + " but the payload holds "
                    + decoder.type.getSimpleName());
        }
        GenericRecord avro;
        try {
            avro = decoder.decoder.decode(payload);
        } catch (IOException | AvroRuntimeException | IndexOutOfBoundsException | NegativeArraySizeException
                 | UnsupportedOperationException e) { // Avro's Utf8 refuses lengths past its own limit this way
            throw new RecordDecodeException("malformed Avro " + decoder.type.getSimpleName() + " ("
                    + payload.length + " bytes): " + e, e);
        }
        return expected.cast(AvroRecordMapper.fromAvro(avro, decoder.type));
    }

    static String describe(byte[] payload) {
        if (payload == null) {
            return "null";
        }
        StringBuilder hex = new StringBuilder();
        for (int i = 0; i < Math.min(payload.length, 8); i++) {
            hex.append(String.format("%02X ", payload[i]));
        }
        return payload.length + " bytes starting " + hex.toString().trim();
    }

    private record TypedDecoder(Class<? extends Record> type, BinaryMessageDecoder<GenericRecord> decoder) {
    }
}
