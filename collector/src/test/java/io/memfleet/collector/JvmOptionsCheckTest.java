package io.memfleet.collector;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class JvmOptionsCheckTest {

    @Test
    void shouldSayNothingWhenStartedWithTheFileAndItsEnvironment() {
        assertThat(JvmOptionsCheck.problems("MALLOC_ARENA_MAX=2", Map.of("MALLOC_ARENA_MAX", "2"))).isEmpty();
    }

    @Test
    void shouldSayHowToStartItWhenTheFileWasNotUsed() {
        assertThat(JvmOptionsCheck.problems(null, Map.of("MALLOC_ARENA_MAX", "2"))).singleElement().asString()
                .contains("without its JVM options file").contains("java @deploy/collector-jvm.options -jar");
    }

    @Test
    void shouldNameTheVariableWhenTheEnvironmentDiffers() {
        assertThat(JvmOptionsCheck.problems("MALLOC_ARENA_MAX=2,OTHER=x", Map.of("MALLOC_ARENA_MAX", "8")))
                .containsExactly(
                        "The collector's environment has MALLOC_ARENA_MAX=8, not MALLOC_ARENA_MAX=2 as collector-jvm.options "
                                + "declares: set it in the environment that starts java (the unit's Environment=, the "
                                + "image's ENV), or start it as `java @deploy/collector-jvm.options -jar "
                                + "memfleet-collector.jar ...` (installed: @/etc/memfleet/collector-jvm.options), or "
                                + "through `memfleet-collector` or `./memfleet collector`, which do",
                        "The collector's environment has OTHER unset, not OTHER=x as collector-jvm.options declares: set "
                                + "it in the environment that starts java (the unit's Environment=, the image's ENV), or "
                                + "start it as `java @deploy/collector-jvm.options -jar memfleet-collector.jar ...` "
                                + "(installed: @/etc/memfleet/collector-jvm.options), or through `memfleet-collector` or "
                                + "`./memfleet collector`, which do");
    }
}
