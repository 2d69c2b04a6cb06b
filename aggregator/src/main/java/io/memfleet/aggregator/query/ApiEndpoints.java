package io.memfleet.aggregator.query;

import io.memfleet.aggregator.topology.ProcessState;
import io.memfleet.schema.AnomalyStatus;
import io.memfleet.schema.AnomalyType;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * What each route answers, as {@link ApiResult}s. By the time a handler runs, {@link ApiHandler}
 * has checked what its {@link Route.Scope} needs (Streams RUNNING, the host owned here), so a
 * handler reads this instance's stores, or asks the fleet for what spans instances.
 */
final class ApiEndpoints {

    private static final Duration DEFAULT_HISTORY_SPAN = Duration.ofHours(1);
    private static final Duration DEFAULT_ANOMALY_SPAN = Duration.ofDays(7);
    private static final int DEFAULT_MAX_POINTS = 1_000;
    private static final int MAX_POINTS = 10_000;

    private final StateQueries queries;
    private final HistoryQueries history;
    private final Fleet fleet;
    private final LongSupplier clock;

    ApiEndpoints(StateQueries queries, HistoryQueries history, Fleet fleet, LongSupplier clock) {
        this.queries = queries;
        this.history = history;
        this.fleet = fleet;
        this.clock = clock;
    }

    /** {@code GET /healthz}: 200 once Streams is RUNNING, 503 before. */
    ApiResult health(ApiCall call) {
        if (!queries.ready()) {
            throw new Unavailable("Kafka Streams is " + queries.state());
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "UP");
        body.put("streamsState", queries.state().toString());
        return ApiResult.ok(body);
    }

    /** {@code GET /api/hosts?limit=&after=}: pages in host id order, merged from every instance. */
    ApiResult hosts(ApiCall call) {
        HostPage page = new HostPage(call.request().param("after"),
                call.request().integer("limit", Integer.MAX_VALUE, 1, Integer.MAX_VALUE));
        return ApiResult.ok(fleet.hosts(page, queries.hosts(), call));
    }

    ApiResult host(ApiCall call) {
        String hostId = call.hostId();
        return ApiResult.ok(queries.host(hostId).orElseThrow(() -> unknownHost(hostId)));
    }

    /**
     * {@code GET .../processes?state=&name=&unit=&container=}: largest RSS first, kernel threads (no
     * RSS) last. {@code unit} is matched exactly, {@code container} as a prefix of the full id.
     */
    ApiResult processes(ApiCall call) {
        String hostId = call.hostId();
        requireHost(hostId);
        String state = call.request().param("state");
        if (state != null && !state.equals("all") && !state.equals("live")) {
            throw new ApiRequest.BadRequest("bad parameter state='" + state + "': expected live or all");
        }
        ProcessFilters filters = ProcessFilters.of(call.request().param("name"), call.request().param("unit"),
                call.request().param("container"));
        return ApiResult.ok(queries.processes(hostId, "all".equals(state)).stream()
                .filter(filters::accepts)
                .sorted(ProcessView.LARGEST_FIRST)
                .toList());
    }

    ApiResult history(ApiCall call) {
        int pid = call.pid();
        String hostId = call.hostId();
        requireHost(hostId);
        Long startTime = call.request().optionalLong("startTime");
        TimeRange range = range(call.request());
        ProcessState process = process(hostId, pid, startTime, range.to());
        int maxPoints = call.request().integer("maxPoints", DEFAULT_MAX_POINTS, 1, MAX_POINTS);
        return ApiResult.ok(history.history(hostId, process, range.from(), range.to(), call.request().fields(),
                maxPoints));
    }

    ApiResult mappings(ApiCall call) {
        int pid = call.pid();
        String hostId = call.hostId();
        requireHost(hostId);
        Long startTime = call.request().optionalLong("startTime");
        long at = call.request().time("at", clock.getAsLong());
        return ApiResult.ok(history.mappingsAt(hostId, process(hostId, pid, startTime, at), at));
    }

    ApiResult mappingChanges(ApiCall call) {
        int pid = call.pid();
        String hostId = call.hostId();
        requireHost(hostId);
        Long startTime = call.request().optionalLong("startTime");
        TimeRange range = range(call.request());
        ProcessState process = process(hostId, pid, startTime, range.to());
        return ApiResult.ok(history.mappingChanges(hostId, process, range.from(), range.to()));
    }

    /**
     * {@code GET /api/anomalies?hostId=&pid=&startTime=&type=&status=&since=&limit=}: for one host
     * from the instance that owns it; for all hosts from every instance, merged newest first.
     */
    ApiResult anomalies(ApiCall call) {
        ApiRequest request = call.request();
        String hostId = request.param("hostId");
        AnomalyType type = request.enumParam("type", AnomalyType.class);
        AnomalyStatus status = request.enumParam("status", AnomalyStatus.class);
        long since = request.time("since", clock.getAsLong() - DEFAULT_ANOMALY_SPAN.toMillis());
        int limit = request.integer("limit", DEFAULT_MAX_POINTS, 1, MAX_POINTS);
        // One process's events: pid (and startTime when the pid was reused) within a host.
        Integer pid = request.param("pid") == null || request.param("pid").isEmpty() ? null
                : request.integer("pid", 0, 1, Integer.MAX_VALUE);
        Long startTime = request.optionalLong("startTime");
        boolean oneHost = hostId != null && !hostId.isEmpty();
        if ((pid != null || startTime != null) && !oneHost) {
            throw new ApiRequest.BadRequest("bad parameters: pid and startTime need hostId (a pid means nothing "
                    + "without its host)");
        }
        StateQueries.AnomalyFilter filter = new StateQueries.AnomalyFilter(type, status, since, pid, startTime);
        if (oneHost) {
            Optional<ApiResult> owners = fleet.atOwner(hostId, call);
            if (owners.isPresent()) {
                return owners.get();
            }
        }
        List<AnomalyView> local = queries.anomalies(oneHost ? hostId : null, filter, limit).stream()
                .map(AnomalyView::of).toList();
        return ApiResult.ok(oneHost ? local : fleet.anomalies(local, call, limit));
    }

    /** {@code from} and {@code to} (default: the hour up to now), within the history retention. */
    private TimeRange range(ApiRequest request) {
        long to = request.time("to", clock.getAsLong());
        long from = request.time("from", to - DEFAULT_HISTORY_SPAN.toMillis());
        if (from > to) {
            throw new ApiRequest.BadRequest("bad parameters: from is after to");
        }
        if (from < history.oldestAnswerable()) {
            throw new ApiRequest.BadRequest("bad parameter from='" + IsoTime.of(from)
                    + "': older than the history retention (oldest: " + IsoTime.of(history.oldestAnswerable()) + ")");
        }
        return new TimeRange(from, to);
    }

    private record TimeRange(long from, long to) {
    }

    private ProcessState process(String hostId, int pid, Long startTime, long at) {
        Optional<ProcessState> process = history.process(hostId, pid, startTime, at);
        return process.orElseThrow(() -> new NotFound(startTime != null
                ? "no process " + pid + " with startTime " + startTime + " on host '" + hostId + "'"
                : "no process " + pid + " on host '" + hostId + "' at " + IsoTime.of(at)));
    }

    private void requireHost(String hostId) {
        if (queries.host(hostId).isEmpty()) {
            throw unknownHost(hostId);
        }
    }

    private static NotFound unknownHost(String hostId) {
        return new NotFound("unknown host '" + hostId + "'");
    }
}
