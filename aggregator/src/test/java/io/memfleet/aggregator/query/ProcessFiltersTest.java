package io.memfleet.aggregator.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProcessFiltersTest {

    private static final String ID = "3f1c2b8e9d0a" + "7b".repeat(26);

    private static ProcessView process(String name, String unit, String containerId) {
        return new ProcessView(1, 1, "b", name, 1, 0, "S", 1, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, 0, "", false, null, "/bin/x", null, "/", unit,
                containerId);
    }

    @Test
    void shouldMatchTheUnitExactly() {
        ProcessFilters filters = ProcessFilters.of(null, "nginx.service", null);
        assertThat(filters.accepts(process("nginx", "nginx.service", null))).isTrue();
        assertThat(filters.accepts(process("nginx", "nginx.service.d", null))).isFalse();
        assertThat(filters.accepts(process("nginx", null, null))).isFalse();
    }

    @Test
    void shouldMatchTheContainerByAPrefixOfItsId() {
        assertThat(ProcessFilters.of(null, null, "3f1c2b8e9d0a").accepts(process("x", null, ID))).isTrue();
        assertThat(ProcessFilters.of(null, null, ID).accepts(process("x", null, ID))).isTrue();
        assertThat(ProcessFilters.of(null, null, "3f1d").accepts(process("x", null, ID))).isFalse();
        assertThat(ProcessFilters.of(null, null, "3f1c").accepts(process("x", null, null))).isFalse();
    }

    @Test
    void shouldCombineFiltersAndIgnoreAnEmptyName() {
        ProcessFilters filters = ProcessFilters.of("", "a.scope", "3f1c");
        assertThat(filters.accepts(process("x", "a.scope", ID))).isTrue();
        assertThat(filters.accepts(process("x", "b.scope", ID))).isFalse();
        assertThat(ProcessFilters.of("ngi", null, null).accepts(process("nginx", null, null))).isTrue();
    }

    @Test
    void shouldAcceptSystemdEscapesAndTemplateInstances() {
        assertThat(ProcessFilters.of(null, "user@1000.service", null).unit()).isEqualTo("user@1000.service");
        assertThat(ProcessFilters.of(null, "dev-disk-by\\x2duuid.swap", null).unit()).contains("\\x2d");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a/b.service", "a b.service", "x\u0000"})
    void shouldRefuseABadUnit(String unit) {
        assertThatThrownBy(() -> ProcessFilters.of(null, unit, null)).isInstanceOf(ApiRequest.BadRequest.class)
                .hasMessageContaining("unit=");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "3f1", "3F1C2B", "xyz123", "3f1c2b8e9d0a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c0"})
    void shouldRefuseABadContainer(String container) {
        assertThatThrownBy(() -> ProcessFilters.of(null, null, container)).isInstanceOf(ApiRequest.BadRequest.class)
                .hasMessageContaining("container=");
    }

    @Test
    void shouldRefuseAUnitLongerThanSystemdAllows() {
        assertThatThrownBy(() -> ProcessFilters.of(null, "a".repeat(257), null))
                .isInstanceOf(ApiRequest.BadRequest.class);
    }
}
