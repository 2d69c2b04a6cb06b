package io.memfleet.schema.codec;

import java.util.Locale;

/**
 * The two wire formats of memfleet records. Writers say which they used in the
 * {@value #CONTENT_TYPE_HEADER} record header; readers accept both.
 */
public enum WireFormat {
    /** Jackson JSON, readable with {@code kcat | jq}. */
    JSON("application/json"),
    /** Avro binary with Avro's single-object encoding: schema fingerprint in the header, no registry. */
    AVRO("application/avro");

    public static final String CONTENT_TYPE_HEADER = "content-type";

    private final String contentType;

    WireFormat(String contentType) {
        this.contentType = contentType;
    }

    public String contentType() {
        return contentType;
    }

    /** The format named by a content type, ignoring parameters such as {@code ; charset=utf-8}; null if unknown. */
    public static WireFormat ofContentType(String contentType) {
        if (contentType == null) {
            return null;
        }
        String bare = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        for (WireFormat format : values()) {
            if (format.contentType.equals(bare)) {
                return format;
            }
        }
        return null;
    }

    /** Parses a config value such as {@code json} or {@code avro}. */
    public static WireFormat parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown format '" + name + "': expected json or avro", e);
        }
    }
}
