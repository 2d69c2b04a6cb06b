package io.memfleet.aggregator.errors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LogThrottleTest {

    private final AtomicLong nanos = new AtomicLong(123_456_789L);
    private final LogThrottle throttle = new LogThrottle(1, TimeUnit.SECONDS, nanos::get);

    @Test
    void shouldLetTheFirstLineThroughWithNothingHeldBack() {
        assertThat(throttle.tryAcquire()).isZero();
    }

    @Test
    void shouldHoldBackLinesWithinTheIntervalAndCountThemOnTheNextOne() {
        throttle.tryAcquire();
        nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(999));
        assertThat(throttle.tryAcquire()).isEqualTo(LogThrottle.SUPPRESS);
        assertThat(throttle.tryAcquire()).isEqualTo(LogThrottle.SUPPRESS);
        assertThat(throttle.tryAcquire()).isEqualTo(LogThrottle.SUPPRESS);

        nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(1));

        assertThat(throttle.tryAcquire()).as("the line after the interval says 3 were not shown").isEqualTo(3);
        assertThat(throttle.tryAcquire()).isEqualTo(LogThrottle.SUPPRESS);
    }

    @Test
    void shouldStartCountingAfreshAfterEachLine() {
        throttle.tryAcquire();
        throttle.tryAcquire();
        nanos.addAndGet(TimeUnit.SECONDS.toNanos(5));
        assertThat(throttle.tryAcquire()).isEqualTo(1);
        nanos.addAndGet(TimeUnit.SECONDS.toNanos(5));
        assertThat(throttle.tryAcquire()).isZero();
    }

    @Test
    void shouldLetEveryLineThroughWithAZeroInterval() {
        LogThrottle unthrottled = new LogThrottle(0, TimeUnit.SECONDS, nanos::get);
        assertThat(unthrottled.tryAcquire()).isZero();
        assertThat(unthrottled.tryAcquire()).isZero();
    }

    @Test
    void shouldRejectANegativeInterval() {
        assertThatThrownBy(() -> new LogThrottle(-1, TimeUnit.SECONDS, nanos::get))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("interval");
    }
}
