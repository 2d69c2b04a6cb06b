package io.memfleet.testkit;

import java.util.concurrent.atomic.AtomicReference;

/** Remembers the first TestKafka any IT class saw, so the others can check they got the same one. */
final class SharedBrokers {
    static final AtomicReference<TestKafka> firstSeen = new AtomicReference<>();

    private SharedBrokers() {
    }

    static TestKafka firstOr(TestKafka kafka) {
        firstSeen.compareAndSet(null, kafka);
        return firstSeen.get();
    }
}
