package io.memfleet.common;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class JdkHttpServersTest {

    private final String before = System.getProperty(JdkHttpServers.NO_DELAY_PROPERTY);

    @AfterEach
    void restore() {
        if (before == null) {
            System.clearProperty(JdkHttpServers.NO_DELAY_PROPERTY);
        } else {
            System.setProperty(JdkHttpServers.NO_DELAY_PROPERTY, before);
        }
    }

    @Test
    void shouldTurnNaglesAlgorithmOffUnlessTheOperatorSaidOtherwise() {
        System.clearProperty(JdkHttpServers.NO_DELAY_PROPERTY);
        JdkHttpServers.noDelay();
        assertThat(System.getProperty(JdkHttpServers.NO_DELAY_PROPERTY)).isEqualTo("true");

        System.setProperty(JdkHttpServers.NO_DELAY_PROPERTY, "false");
        JdkHttpServers.noDelay();
        assertThat(System.getProperty(JdkHttpServers.NO_DELAY_PROPERTY)).isEqualTo("false");
    }
}
