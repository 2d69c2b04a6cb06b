package io.memfleet.testkit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@WithKafka
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class WithKafkaIT {

    private static TestKafka fromBeforeAll;

    @BeforeAll
    static void remember(TestKafka kafka) {
        fromBeforeAll = kafka;
    }

    @Test
    void shouldShareOneClusterWithOtherTestClasses(TestKafka kafka) {
        TestKafka first = SharedBrokers.firstOr(kafka);

        assertThat(kafka).isSameAs(first).isSameAs(fromBeforeAll);
        assertThat(kafka.bootstrapServers()).isEqualTo(first.bootstrapServers());
    }

    @Test
    void shouldSeeTopicsThroughSharedAdmin(TestKafka kafka) throws Exception {
        String topic = kafka.createTopic(kafka.uniqueTopic("with-kafka"), 1);

        assertThat(kafka.admin().listTopics().names().get()).contains(topic);
    }
}
