package io.memfleet.aggregator.query;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import io.prometheus.metrics.core.metrics.Histogram;
import java.io.IOException;

/**
 * Times every request from its arrival to its answer, into a histogram labelled with the
 * {@link RouteTable route}, the method (GET, HEAD or other) and the HTTP status code: label
 * values a client cannot multiply.
 */
public final class LatencyFilter extends Filter {

    private final Histogram latency;

    /** @param latency a histogram with the label names {@code route}, {@code method}, {@code code} */
    public LatencyFilter(Histogram latency) {
        this.latency = latency;
    }

    @Override
    public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
        long start = System.nanoTime();
        try {
            chain.doFilter(exchange);
        } finally {
            int code = exchange.getResponseCode(); // -1 if the handler failed before answering
            latency.labelValues(ApiRoutes.TABLE.label(exchange.getRequestURI().getRawPath()),
                            method(exchange.getRequestMethod()), code < 0 ? "none" : Integer.toString(code))
                    .observe((System.nanoTime() - start) / 1e9);
        }
    }

    /** GET and HEAD as they are; any other method (answered 405) is "other", so clients cannot add series. */
    static String method(String method) {
        return "GET".equals(method) || "HEAD".equals(method) ? method : "other";
    }

    @Override
    public String description() {
        return "request latency by route";
    }
}
