package io.memfleet.aggregator.query;

/**
 * A request as a route's handler sees it: its parameters, the route it matched, and what is
 * needed to ask another instance the same ({@code pathAndQuery} still encoded, the caller's
 * {@code Authorization}, and whether it was already forwarded once).
 */
record ApiCall(ApiRequest request, RouteTemplate template, String pathAndQuery, String authorization,
               boolean forwarded) {

    /** The decoded path segment in {@code {name}}'s place. */
    String variable(String name) {
        return request.segment(template.indexOf(name));
    }

    String hostId() {
        return variable("hostId");
    }

    /** {@code {pid}}, checked: 400 when it is not a process id. */
    int pid() {
        return request.pid(template.indexOf("pid"));
    }
}
