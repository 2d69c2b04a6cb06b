package io.memfleet.aggregator.query;

import static io.memfleet.aggregator.query.Route.Scope.ANY_STATE;
import static io.memfleet.aggregator.query.Route.Scope.HOST;
import static io.memfleet.aggregator.query.Route.Scope.STORES;

import java.util.List;

/** The aggregator's HTTP API, one line per route: the paths, parameters and answers are in the docs. */
final class ApiRoutes {

    /** The one route open without the bearer token: a load balancer's or systemd's health check. */
    static final String HEALTH = "/healthz";

    static final RouteTable<ApiEndpoints> TABLE = new RouteTable<>(List.of(
            Route.get(HEALTH, ANY_STATE, ApiEndpoints::health),
            Route.get("/api/hosts", STORES, ApiEndpoints::hosts),
            Route.get("/api/hosts/{hostId}", HOST, ApiEndpoints::host),
            Route.get("/api/hosts/{hostId}/processes", HOST, ApiEndpoints::processes),
            Route.get("/api/hosts/{hostId}/processes/{pid}/history", HOST, ApiEndpoints::history),
            Route.get("/api/hosts/{hostId}/processes/{pid}/mappings", HOST, ApiEndpoints::mappings),
            Route.get("/api/hosts/{hostId}/processes/{pid}/mappings/changes", HOST, ApiEndpoints::mappingChanges),
            Route.get("/api/anomalies", STORES, ApiEndpoints::anomalies)));

    private ApiRoutes() {
    }
}
