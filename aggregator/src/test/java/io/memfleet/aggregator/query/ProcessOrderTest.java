package io.memfleet.aggregator.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The API lists a host's processes as people look for them: biggest first, kernel threads last. */
class ProcessOrderTest {

    private static ProcessView process(int pid, Long rssKb) {
        return new ProcessView(pid, 1, "b", "p" + pid, 1, 0, "S", 1, null, null, null, null, null, null, null, null,
                rssKb, null, null, null, null, null, null, null, null, null, 0, "", false, null, null, null, null,
                null, null);
    }

    @Test
    void shouldPutTheLargestRssFirstAndKernelThreadsLastTiesByPid() {
        List<ProcessView> processes = List.of(process(2, null), process(10, 4_096L), process(7, 900_000L),
                process(3, null), process(12, 4_096L));

        assertThat(processes.stream().sorted(ProcessView.LARGEST_FIRST).map(ProcessView::pid))
                .containsExactly(7, 10, 12, 2, 3);
    }
}
