package io.memfleet.schema.codec;

import io.memfleet.schema.SampleRecord;

/**
 * Encodes records in a chosen {@link WireFormat} and decodes either format: by the
 * {@value WireFormat#CONTENT_TYPE_HEADER} header when a writer set one, otherwise by looking at
 * the first bytes (Avro's {@code C3 01} marker or a JSON object). Thread-safe.
 */
public final class RecordCodec {

    private final JsonCodec json = new JsonCodec();
    /** Made on first use: a JSON-only collector then never loads Avro's classes (metaspace, RSS). */
    private volatile AvroCodec avro;

    private AvroCodec avro() {
        AvroCodec codec = avro;
        if (codec == null) {
            synchronized (this) {
                if (avro == null) {
                    avro = new AvroCodec();
                }
                codec = avro;
            }
        }
        return codec;
    }

    public byte[] encode(Record record, WireFormat format) {
        return format == WireFormat.AVRO ? avro().encode(record) : json.encode(record);
    }

    /** Decodes a {@code memfleet.samples} record; {@code contentType} may be null. */
    public SampleRecord decodeSample(byte[] payload, String contentType) {
        return formatOf(payload, contentType) == WireFormat.AVRO
                ? avro().decode(payload, SampleRecord.class)
                : json.decodeSample(payload);
    }

    /** Decodes a payload that must hold a {@code type}; {@code contentType} may be null. */
    public <T> T decode(byte[] payload, String contentType, Class<T> type) {
        return formatOf(payload, contentType) == WireFormat.AVRO ? avro().decode(payload, type)
                : json.decode(payload, type);
    }

    static WireFormat formatOf(byte[] payload, String contentType) {
        if (payload == null || payload.length == 0) {
            throw new RecordDecodeException("empty payload");
        }
        WireFormat declared = WireFormat.ofContentType(contentType);
        if (declared != null) {
            return declared;
        }
        if (contentType != null) {
            throw new RecordDecodeException("unsupported content-type '" + contentType + "': expected "
                    + WireFormat.JSON.contentType() + " or " + WireFormat.AVRO.contentType());
        }
        if (AvroCodec.looksLikeAvro(payload)) {
            return WireFormat.AVRO;
        }
        for (byte b : payload) {
            if (b == '{') {
                return WireFormat.JSON;
            }
            if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
                break;
            }
        }
        throw new RecordDecodeException("payload is neither Avro single-object encoding nor a JSON object: "
                + AvroCodec.describe(payload));
    }
}
