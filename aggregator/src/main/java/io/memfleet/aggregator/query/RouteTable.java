package io.memfleet.aggregator.query;

import io.memfleet.common.metrics.MetricsServer;
import java.util.List;
import java.util.Optional;

/**
 * Every API route, used both to dispatch a request ({@link ApiHandler}) and to label it in the
 * request latency metric ({@link LatencyFilter}), so a route cannot be served without a label or
 * labelled without being served. The label is the template; the web view ({@code /},
 * {@code /ui/{file}}) and {@code /metrics}, served by handlers of their own, are labelled here too;
 * every other path is {@link #OTHER}, so a client cannot add series.
 */
final class RouteTable<E> {

    static final String OTHER = "other";

    private static final RouteTemplate METRICS = RouteTemplate.parse(MetricsServer.PATH);

    private final List<Route<E>> routes;

    RouteTable(List<Route<E>> routes) {
        this.routes = List.copyOf(routes);
    }

    List<Route<E>> routes() {
        return routes;
    }

    /** The route whose template a raw path has, whatever the method. */
    Optional<Route<E>> find(String rawPath) {
        String[] segments = RouteTemplate.segments(rawPath);
        return routes.stream().filter(route -> route.template().matches(segments)).findFirst();
    }

    /** The metric label of a raw (still percent-encoded) request path. */
    String label(String rawPath) {
        if (rawPath != null && WebUi.owns(rawPath)) {
            return "/".equals(rawPath) ? "/" : WebUi.UI_PREFIX + "{file}";
        }
        if (METRICS.matches(RouteTemplate.segments(rawPath))) {
            return METRICS.text();
        }
        return find(rawPath).map(route -> route.template().text()).orElse(OTHER);
    }
}
