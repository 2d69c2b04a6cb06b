package io.memfleet.aggregator.query;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;

/** A page of {@code GET /api/hosts}: hosts after {@code after} (null: from the first), in id order, at most {@code limit}. */
record HostPage(String after, int limit) {

    List<HostView> of(List<HostView> hosts) {
        return hosts.stream().filter(host -> after == null || host.hostId().compareTo(after) > 0)
                .sorted(Comparator.comparing(HostView::hostId)).limit(limit).toList();
    }

    /** What each other instance is asked: the same page of its own hosts. */
    String pathAndQuery() {
        StringBuilder query = new StringBuilder("/api/hosts");
        if (limit != Integer.MAX_VALUE) {
            query.append("?limit=").append(limit);
        }
        if (after != null) {
            query.append(query.indexOf("?") < 0 ? '?' : '&').append("after=")
                    .append(URLEncoder.encode(after, StandardCharsets.UTF_8));
        }
        return query.toString();
    }
}
