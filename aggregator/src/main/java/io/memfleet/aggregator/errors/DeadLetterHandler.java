package io.memfleet.aggregator.errors;

import io.memfleet.schema.codec.RecordDecodeException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka Streams' {@link LogAndContinueExceptionHandler}, unchanged in what it does with a record it
 * cannot decode (skip it; when {@value StreamsConfig#ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG} is
 * set, send it byte for byte to that topic with {@code __streams.errors.*} headers naming the
 * exception, its message, its stack trace, and the source topic, partition and offset), plus what
 * memfleet needs:
 * <ul>
 * <li>the record is counted in the application's {@link DeadLetterCounter};</li>
 * <li>one line names topic, partition, offset, key and reason, at most one line a second, the next
 *     line saying how many were not shown;</li>
 * <li>a dead letter never outgrows {@code max.request.size}: the error headers add about 2.5 KB
 *     (mostly the stack trace), and under exactly-once a send the producer refuses puts the
 *     transaction in error and stops the application, at every restart again, since the record is
 *     read again. So a dead letter too large goes without its stack-trace header, and one too large
 *     even then (a source record within a few hundred bytes of the limit) is dropped, counted in
 *     {@link DeadLetterCounter#lost()} and logged at ERROR, never held back.</li>
 * </ul>
 *
 * <p>Configured with {@link StreamsConfig#DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG}; Kafka
 * Streams creates and configures one per stream thread with the application's configs.
 */
public final class DeadLetterHandler extends LogAndContinueExceptionHandler {

    static final String STACKTRACE_HEADER = "__streams.errors.stacktrace";

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterHandler.class);
    private static final int MAX_KEY_CHARS = 100;
    private static final int DEFAULT_MAX_REQUEST_SIZE = 1024 * 1024;
    /** At least Kafka's own upper bound: batch header 61, record header 21, header count 5. */
    private static final int RECORD_OVERHEAD = 100;
    /** At least Kafka's own upper bound: two varint lengths. */
    private static final int HEADER_OVERHEAD = 10;

    private DeadLetterCounter counter = DeadLetterCounter.forApplication("");
    private String deadLetterTopic;
    private int maxRequestSize = DEFAULT_MAX_REQUEST_SIZE;

    @Override
    public void configure(Map<String, ?> configs) {
        super.configure(configs);
        Object applicationId = configs.get(StreamsConfig.APPLICATION_ID_CONFIG);
        counter = DeadLetterCounter.forApplication(applicationId == null ? "" : String.valueOf(applicationId));
        Object topic = configs.get(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG);
        deadLetterTopic = topic == null ? null : String.valueOf(topic);
        Object maxRequest = configs.get(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG));
        if (maxRequest == null) {
            maxRequest = configs.get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG);
        }
        if (maxRequest != null) {
            maxRequestSize = Integer.parseInt(String.valueOf(maxRequest).trim());
        }
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record,
            Exception exception) {
        List<ProducerRecord<byte[], byte[]>> deadLetters = new ArrayList<>();
        String fate = deadLetterTopic == null ? "skipped" : "sent to " + deadLetterTopic;
        boolean lost = false;
        for (ProducerRecord<byte[], byte[]> deadLetter : super.handleError(context, record, exception)
                .deadLetterQueueRecords()) {
            int size = estimatedSize(deadLetter);
            if (size > maxRequestSize) {
                deadLetter = withoutStackTrace(deadLetter);
                int smaller = estimatedSize(deadLetter);
                if (smaller > maxRequestSize) {
                    counter.incrementLost();
                    lost = true;
                    fate = "NOT sent to " + deadLetterTopic + ", " + smaller + " bytes even without its stack trace > "
                            + "max.request.size " + maxRequestSize + "; dropped";
                    continue;
                }
                fate += " without its stack trace header (" + size + " bytes with it > max.request.size "
                        + maxRequestSize + ")";
            }
            deadLetters.add(deadLetter);
        }
        long total = counter.increment();
        if (lost) { // the log line is all that is left of it: never held back
            LOG.error(line(context, record.key(), reason(exception), fate, 0, total));
            return Response.resume(deadLetters);
        }
        long held = counter.throttle().tryAcquire();
        if (held != LogThrottle.SUPPRESS) {
            LOG.warn(line(context, record.key(), reason(exception), fate, held, total));
        }
        return Response.resume(deadLetters);
    }

    /** What was wrong: the decoder's own message when it gave one, else the exception itself. */
    static String reason(Throwable exception) {
        for (Throwable t = exception; t != null; t = t.getCause()) {
            if (t instanceof RecordDecodeException && t.getMessage() != null) {
                return t.getMessage();
            }
        }
        return String.valueOf(exception);
    }

    static String line(ErrorHandlerContext context, byte[] key, String reason, String fate, long held, long total) {
        StringBuilder line = new StringBuilder("Cannot decode record ").append(context.topic()).append('/')
                .append(context.partition()).append('@').append(context.offset())
                .append(" (key ").append(printableKey(key)).append("), ").append(fate).append(": ").append(reason);
        if (held > 0) {
            line.append(" [").append(held).append(held == 1 ? " more bad record" : " more bad records")
                    .append(" since the last line not logged; ").append(total).append(" in all]");
        }
        return line.toString();
    }

    /** The key as text, quoted, control characters escaped and cut short, so a line stays one short line. */
    static String printableKey(byte[] key) {
        if (key == null) {
            return "null";
        }
        String text = new String(key, StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder("'");
        for (int i = 0; i < text.length() && i < MAX_KEY_CHARS; i++) {
            char c = text.charAt(i);
            out.append(Character.isISOControl(c) ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        if (text.length() > MAX_KEY_CHARS) {
            out.append("...");
        }
        return out.append('\'').toString();
    }

    /** Not less than what the producer checks against {@code max.request.size} for an uncompressed record. */
    static int estimatedSize(ProducerRecord<byte[], byte[]> record) {
        long size = RECORD_OVERHEAD + length(record.key()) + length(record.value());
        for (Header header : record.headers()) {
            size += HEADER_OVERHEAD + header.key().getBytes(StandardCharsets.UTF_8).length + length(header.value());
        }
        return (int) Math.min(size, Integer.MAX_VALUE);
    }

    private static ProducerRecord<byte[], byte[]> withoutStackTrace(ProducerRecord<byte[], byte[]> record) {
        ProducerRecord<byte[], byte[]> copy = new ProducerRecord<>(record.topic(), record.partition(),
                record.timestamp(), record.key(), record.value());
        for (Header header : record.headers()) {
            if (!header.key().equals(STACKTRACE_HEADER)) {
                copy.headers().add(header);
            }
        }
        return copy;
    }

    private static int length(byte[] bytes) {
        return bytes == null ? 0 : bytes.length;
    }
}
