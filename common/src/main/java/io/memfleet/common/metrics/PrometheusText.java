package io.memfleet.common.metrics;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A registry's metrics in the Prometheus text exposition format (version 0.0.4), written by the
 * client library's own writer: what every memfleet {@code /metrics} endpoint answers.
 */
public final class PrometheusText {

    private static final PrometheusTextFormatWriter WRITER = PrometheusTextFormatWriter.create();

    /** {@code text/plain; version=0.0.4; charset=utf-8}. */
    public static final String CONTENT_TYPE = WRITER.getContentType();

    private PrometheusText() {
    }

    /** Collects every metric of {@code registry} now and writes them. */
    public static byte[] scrape(PrometheusRegistry registry) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
        try {
            WRITER.write(out, registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not throw
        }
        return out.toByteArray();
    }
}
