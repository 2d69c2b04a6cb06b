package io.memfleet.aggregator.errors;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.memfleet.schema.codec.RecordDecodeException;
import io.memfleet.schema.kafka.Topics;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.internal.AbstractRecords;
import org.apache.kafka.common.record.internal.CompressionType;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.processor.TaskId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class DeadLetterHandlerTest {

    private static final String DLQ = "dlq-under-test";
    private static final byte[] KEY = "host-7".getBytes(StandardCharsets.UTF_8);
    private static final byte[] VALUE = {(byte) 0xC3, 0x01, 9, 9, 9, 9, 9, 9, 9, 9, 42};
    private static final String REASON = "unknown Avro schema fingerprint 0909090909090909: written by a schema "
            + "version this reader does not know";

    private final String applicationId = "app-" + UUID.randomUUID();
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(DeadLetterHandler.class);
    /** Kafka's own line per record, with a stack trace: a thousand of them would bury the test output. */
    private final Logger kafkasLogger = (Logger) LoggerFactory.getLogger(LogAndContinueExceptionHandler.class);
    private Level kafkasLevel;

    @BeforeEach
    void captureLog() {
        log.start();
        logger.addAppender(log);
        kafkasLevel = kafkasLogger.getLevel();
        kafkasLogger.setLevel(Level.ERROR);
    }

    @AfterEach
    void releaseLog() {
        logger.detachAppender(log);
        kafkasLogger.setLevel(kafkasLevel);
    }

    @Test
    void shouldResumeAndSendTheRecordByteForByteToTheDeadLetterTopicWithTheReason() {
        DeadLetterHandler handler = handler(DLQ);

        DeserializationExceptionHandler.Response response =
                handler.handleError(context(17), record(17), decodeFailure());

        assertThat(response.result()).isEqualTo(DeserializationExceptionHandler.Result.RESUME);
        assertThat(response.deadLetterQueueRecords()).hasSize(1);
        ProducerRecord<byte[], byte[]> dead = response.deadLetterQueueRecords().get(0);
        assertThat(dead.topic()).isEqualTo(DLQ);
        assertThat(dead.key()).isEqualTo(KEY);
        assertThat(dead.value()).isEqualTo(VALUE);
        assertThat(header(dead.headers(), "content-type")).as("the source's own headers come along")
                .isEqualTo("application/avro");
        assertThat(header(dead.headers(), "__streams.errors.message")).isEqualTo(REASON);
        assertThat(header(dead.headers(), "__streams.errors.exception"))
                .isEqualTo(SerializationException.class.getName());
        assertThat(header(dead.headers(), "__streams.errors.topic")).isEqualTo(Topics.SAMPLES);
        assertThat(header(dead.headers(), "__streams.errors.partition")).isEqualTo("2");
        assertThat(header(dead.headers(), "__streams.errors.offset")).isEqualTo("17");
    }

    @Test
    void shouldBuildTheSameDeadLetterAsKafkasOwnHandler() {
        LogAndContinueExceptionHandler kafkas = new LogAndContinueExceptionHandler();
        kafkas.configure(Map.of(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, DLQ));
        Exception failure = decodeFailure();

        ProducerRecord<byte[], byte[]> ours = handler(DLQ).handleError(context(5), record(5), failure)
                .deadLetterQueueRecords().get(0);
        ProducerRecord<byte[], byte[]> theirs = kafkas.handleError(context(5), record(5), failure)
                .deadLetterQueueRecords().get(0);

        assertThat(ours.topic()).isEqualTo(theirs.topic());
        assertThat(ours.partition()).isEqualTo(theirs.partition());
        assertThat(ours.timestamp()).isEqualTo(theirs.timestamp());
        assertThat(ours.key()).isEqualTo(theirs.key());
        assertThat(ours.value()).isEqualTo(theirs.value());
        assertThat(ours.headers().toArray()).containsExactly(theirs.headers().toArray());
    }

    @Test
    void shouldCountEachBadRecordForItsOwnApplication() {
        DeadLetterHandler threadOne = handler(DLQ);
        DeadLetterHandler threadTwo = handler(DLQ);
        String otherApplication = applicationId + "-other";

        threadOne.handleError(context(1), record(1), decodeFailure());
        threadTwo.handleError(context(2), record(2), decodeFailure());
        threadOne.handleError(context(3), record(3), decodeFailure());

        assertThat(DeadLetterCounter.forApplication(applicationId).count()).isEqualTo(3);
        assertThat(DeadLetterCounter.forApplication(otherApplication).count()).isZero();
    }

    @Test
    void shouldSkipAndCountWhenNoDeadLetterTopicIsConfigured() {
        DeserializationExceptionHandler.Response response = handler(null)
                .handleError(context(9), record(9), decodeFailure());

        assertThat(response.result()).isEqualTo(DeserializationExceptionHandler.Result.RESUME);
        assertThat(response.deadLetterQueueRecords()).isEmpty();
        assertThat(DeadLetterCounter.forApplication(applicationId).count()).isEqualTo(1);
        assertThat(log.list).singleElement().extracting(ILoggingEvent::getFormattedMessage).asString()
                .contains(", skipped: ");
    }

    @Test
    void shouldLogOneLineNamingTopicPartitionOffsetKeyAndReason() {
        handler(DLQ).handleError(context(17), record(17), decodeFailure());

        assertThat(log.list).singleElement().satisfies(event -> {
            assertThat(event.getLevel().toString()).isEqualTo("WARN");
            assertThat(event.getFormattedMessage())
                    .isEqualTo("Cannot decode record memfleet.samples/2@17 (key 'host-7'), "
                            + "sent to " + DLQ + ": " + REASON);
            assertThat(event.getThrowableProxy()).as("one line, no stack trace").isNull();
        });
    }

    @Test
    void shouldLogAtMostOneLineASecondForAFlood() {
        DeadLetterHandler handler = handler(DLQ);
        for (int offset = 0; offset < 1_000; offset++) {
            handler.handleError(context(offset), record(offset), decodeFailure());
        }

        assertThat(DeadLetterCounter.forApplication(applicationId).count()).isEqualTo(1_000);
        assertThat(log.list).as("a thousand bad records within a second or two").hasSizeLessThanOrEqualTo(3);
    }

    @Test
    void shouldSayHowManyLinesWereHeldBack() {
        assertThat(DeadLetterHandler.line(context(40), KEY, "bad", "sent to " + DLQ, 12, 1_204))
                .isEqualTo("Cannot decode record memfleet.samples/2@40 (key 'host-7'), sent to " + DLQ
                        + ": bad [12 more bad records since the last line not logged; 1204 in all]");
        assertThat(DeadLetterHandler.line(context(40), KEY, "bad", "sent to " + DLQ, 1, 2))
                .endsWith("[1 more bad record since the last line not logged; 2 in all]");
    }

    @Test
    void shouldLeaveOffTheStackTraceWhenTheDeadLetterWouldOutgrowMaxRequestSize() {
        LogAndContinueExceptionHandler kafkas = new LogAndContinueExceptionHandler();
        kafkas.configure(Map.of(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, DLQ));
        ProducerRecord<byte[], byte[]> full = kafkas.handleError(context(4), record(4), decodeFailure())
                .deadLetterQueueRecords().get(0);
        Header stackTrace = full.headers().lastHeader(DeadLetterHandler.STACKTRACE_HEADER);
        int withoutStackTrace = DeadLetterHandler.estimatedSize(full) - 10 - stackTrace.key().length()
                - stackTrace.value().length;
        DeadLetterHandler tight = handler(DLQ, Map.of("max.request.size", String.valueOf(withoutStackTrace)));

        DeserializationExceptionHandler.Response response = tight.handleError(context(4), record(4), decodeFailure());

        assertThat(response.result()).isEqualTo(DeserializationExceptionHandler.Result.RESUME);
        ProducerRecord<byte[], byte[]> dead = response.deadLetterQueueRecords().get(0);
        assertThat(dead.value()).isEqualTo(VALUE);
        assertThat(dead.headers().lastHeader(DeadLetterHandler.STACKTRACE_HEADER)).isNull();
        assertThat(header(dead.headers(), "__streams.errors.message")).isEqualTo(REASON);
        assertThat(header(dead.headers(), "__streams.errors.offset")).isEqualTo("4");
        assertThat(DeadLetterHandler.estimatedSize(dead)).isLessThanOrEqualTo(withoutStackTrace);
        assertThat(DeadLetterCounter.forApplication(applicationId).lost()).isZero();
        assertThat(log.list).last().extracting(ILoggingEvent::getFormattedMessage).asString()
                .contains("sent to " + DLQ + " without its stack trace header (");
    }

    @Test
    void shouldDropAndCountADeadLetterTooLargeEvenWithoutItsStackTrace() {
        DeadLetterHandler tiny = handler(DLQ, Map.of("producer.max.request.size", "200"));

        DeserializationExceptionHandler.Response response = tiny.handleError(context(8), record(8), decodeFailure());

        assertThat(response.result()).isEqualTo(DeserializationExceptionHandler.Result.RESUME);
        assertThat(response.deadLetterQueueRecords()).isEmpty();
        DeadLetterCounter counter = DeadLetterCounter.forApplication(applicationId);
        assertThat(counter.count()).isEqualTo(1);
        assertThat(counter.lost()).isEqualTo(1);
        assertThat(log.list).singleElement().satisfies(event -> {
            assertThat(event.getLevel().toString()).isEqualTo("ERROR");
            assertThat(event.getFormattedMessage()).contains("NOT sent to " + DLQ)
                    .contains("> max.request.size 200; dropped: " + REASON);
        });
    }

    @Test
    void shouldNeverHoldBackTheLineOfALostDeadLetter() {
        handler(DLQ).handleError(context(1), record(1), decodeFailure()); // takes this second's line
        DeadLetterHandler tiny = handler(DLQ, Map.of("max.request.size", "200"));

        tiny.handleError(context(2), record(2), decodeFailure());
        tiny.handleError(context(3), record(3), decodeFailure());

        assertThat(log.list).extracting(ILoggingEvent::getFormattedMessage)
                .satisfiesExactly(
                        first -> assertThat(first).contains("@1 ").contains("sent to " + DLQ + ": "),
                        second -> assertThat(second).contains("@2 ").contains("dropped"),
                        third -> assertThat(third).contains("@3 ").contains("dropped"));
    }

    @Test
    void shouldEstimateNoLessThanTheProducerChecks() {
        ProducerRecord<byte[], byte[]> dead = handler(DLQ).handleError(context(3), record(3), decodeFailure())
                .deadLetterQueueRecords().get(0);
        for (CompressionType compression : CompressionType.values()) {
            assertThat(DeadLetterHandler.estimatedSize(dead)).as(compression.name()).isGreaterThanOrEqualTo(
                    AbstractRecords.estimateSizeInBytesUpperBound(RecordBatch.CURRENT_MAGIC_VALUE, compression,
                            dead.key(), dead.value(), dead.headers().toArray()));
        }
    }

    @Test
    void shouldGiveTheDecodersReasonOrElseTheException() {
        assertThat(DeadLetterHandler.reason(decodeFailure())).isEqualTo(REASON);
        assertThat(DeadLetterHandler.reason(new IllegalStateException("boom")))
                .isEqualTo("java.lang.IllegalStateException: boom");
    }

    @Test
    void shouldKeepAKeyOnOneShortLine() {
        assertThat(DeadLetterHandler.printableKey(null)).isEqualTo("null");
        assertThat(DeadLetterHandler.printableKey("a\nb\u001b".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("'a\\u000ab\\u001b'");
        assertThat(DeadLetterHandler.printableKey("x".repeat(500).getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("'" + "x".repeat(100) + "...'");
    }

    private DeadLetterHandler handler(String deadLetterTopic) {
        return handler(deadLetterTopic, Map.of());
    }

    private DeadLetterHandler handler(String deadLetterTopic, Map<String, String> more) {
        Map<String, Object> configs = new HashMap<>(more);
        configs.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        if (deadLetterTopic != null) {
            configs.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, deadLetterTopic);
        }
        DeadLetterHandler handler = new DeadLetterHandler();
        handler.configure(configs);
        return handler;
    }

    /** What {@code SampleRecordSerde} throws for a payload the codec rejects. */
    private static Exception decodeFailure() {
        return new SerializationException(REASON, new RecordDecodeException(REASON));
    }

    private static ConsumerRecord<byte[], byte[]> record(long offset) {
        return new ConsumerRecord<>(Topics.SAMPLES, 2, offset, KEY, VALUE);
    }

    private static ErrorHandlerContext context(long offset) {
        Headers headers = new RecordHeaders().add("content-type", "application/avro".getBytes(StandardCharsets.UTF_8));
        return new ErrorHandlerContext() {
            @Override
            public String topic() {
                return Topics.SAMPLES;
            }

            @Override
            public int partition() {
                return 2;
            }

            @Override
            public long offset() {
                return offset;
            }

            @Override
            public Headers headers() {
                return headers;
            }

            @Override
            public String processorNodeId() {
                return "samples";
            }

            @Override
            public TaskId taskId() {
                return new TaskId(0, 2);
            }

            @Override
            public long timestamp() {
                return 1_764_460_800_000L;
            }

            @Override
            public byte[] sourceRawKey() {
                return KEY;
            }

            @Override
            public byte[] sourceRawValue() {
                return VALUE;
            }
        };
    }

    private static String header(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
