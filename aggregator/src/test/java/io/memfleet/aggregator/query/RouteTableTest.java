package io.memfleet.aggregator.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Request paths map to their route's template: one latency series per route, whatever the host or pid. */
class RouteTableTest {

    @ParameterizedTest
    @CsvSource({
        "/healthz, /healthz",
        "/metrics, /metrics",
        "/api/hosts, /api/hosts",
        "/api/hosts/, /api/hosts",
        "/api/hosts/3d1219c7c4c5404aaa1f6d2a48adfda4, /api/hosts/{hostId}",
        "/api/hosts/a%2Fb, /api/hosts/{hostId}",
        "/api/hosts/h1/processes, /api/hosts/{hostId}/processes",
        "/api/hosts/h1/processes/2626/history, /api/hosts/{hostId}/processes/{pid}/history",
        "/api/hosts/h1/processes/2626/mappings, /api/hosts/{hostId}/processes/{pid}/mappings",
        "/api/hosts/h1/processes/2626/mappings/changes, /api/hosts/{hostId}/processes/{pid}/mappings/changes",
        "/api/anomalies, /api/anomalies",
        "//api//anomalies/, /api/anomalies",
        "/, /",
        "/ui/app.js, /ui/{file}",
        "/ui/../../etc/passwd, /ui/{file}",
    })
    void shouldNameTheRouteNotThePath(String path, String template) {
        assertThat(ApiRoutes.TABLE.label(path)).isEqualTo(template);
    }

    @ParameterizedTest
    @CsvSource({"/favicon.ico", "/index.html", "/api", "/api/hosts/h1/processes/2626", "/api/hosts/h1/processes/2626/maps",
        "/api/anomalies/x", "/healthz/x"})
    void shouldCallEveryOtherPathOther(String path) {
        assertThat(ApiRoutes.TABLE.label(path)).isEqualTo(RouteTable.OTHER);
    }

    @Test
    void shouldBoundTheMethodLabel() {
        assertThat(LatencyFilter.method("GET")).isEqualTo("GET");
        assertThat(LatencyFilter.method("HEAD")).isEqualTo("HEAD");
        assertThat(LatencyFilter.method("PROPFIND")).isEqualTo("other");
    }

    @Test
    void shouldLabelEveryRouteWithItsOwnTemplate() {
        List<String> templates = ApiRoutes.TABLE.routes().stream().map(route -> route.template().text()).toList();

        assertThat(templates).doesNotHaveDuplicates().allSatisfy(template -> {
            String path = template.replace("{hostId}", "web%2F1").replace("{pid}", "2626");
            assertThat(ApiRoutes.TABLE.label(path)).as(path).isEqualTo(template);
        });
    }

    @Test
    void shouldOnlyUseVariablesACallCanRead() {
        assertThat(ApiRoutes.TABLE.routes()).allSatisfy(route ->
                assertThat(route.template().variables()).isSubsetOf("hostId", "pid"));
        assertThat(ApiRoutes.TABLE.routes()).filteredOn(route -> route.scope() == Route.Scope.HOST)
                .allSatisfy(route -> assertThat(route.template().variables()).contains("hostId"));
    }
}
