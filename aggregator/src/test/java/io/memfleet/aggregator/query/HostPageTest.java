package io.memfleet.aggregator.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class HostPageTest {

    private static HostView host(String id) {
        return new HostView(id, "", "", "", null, null, 0, 0, 0, 0, "", 0, 0, 0, 0, false, java.util.List.of(), 0, 0, 0, 0);
    }

    @Test
    void shouldCutAfterAHostIdInIdOrder() {
        List<HostView> hosts = List.of(host("c"), host("a"), host("d"), host("b"));

        assertThat(new HostPage(null, Integer.MAX_VALUE).of(hosts)).extracting(HostView::hostId)
                .containsExactly("a", "b", "c", "d");
        assertThat(new HostPage(null, 2).of(hosts)).extracting(HostView::hostId).containsExactly("a", "b");
        assertThat(new HostPage("b", 2).of(hosts)).extracting(HostView::hostId).containsExactly("c", "d");
        assertThat(new HostPage("d", 2).of(hosts)).isEmpty();
    }

    @Test
    void shouldAskOtherInstancesForTheSamePage() {
        assertThat(new HostPage(null, Integer.MAX_VALUE).pathAndQuery()).isEqualTo("/api/hosts");
        assertThat(new HostPage(null, 5).pathAndQuery()).isEqualTo("/api/hosts?limit=5");
        assertThat(new HostPage("web 1/a&b", 5).pathAndQuery()).isEqualTo("/api/hosts?limit=5&after=web+1%2Fa%26b");
        assertThat(new HostPage("x", Integer.MAX_VALUE).pathAndQuery()).isEqualTo("/api/hosts?after=x");
    }
}
