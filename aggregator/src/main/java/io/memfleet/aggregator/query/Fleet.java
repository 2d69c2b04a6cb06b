package io.memfleet.aggregator.query;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.state.HostInfo;

/**
 * The API across instances: a host's request answered by the instance that owns the host, and a
 * fleet-wide request (hosts, anomalies) asked of every instance and merged. A forwarded request
 * is answered from the receiver's own stores only, so a request crosses at most one hop.
 */
final class Fleet {

    private final InstanceRouter router;
    private final ObjectMapper mapper;

    Fleet(InstanceRouter router, ObjectMapper mapper) {
        this.router = router;
        this.mapper = mapper;
    }

    /** The owner's answer to {@code call} when another instance owns {@code hostId}; empty when this one does. */
    Optional<ApiResult> atOwner(String hostId, ApiCall call) {
        if (call.forwarded()) {
            return Optional.empty();
        }
        return router.ownerOf(hostId).map(owner -> {
            HttpResponse<byte[]> answer = router.forward(owner, call.pathAndQuery(), call.authorization());
            return new ApiResult.Forwarded(answer.statusCode(), answer.body());
        });
    }

    /** {@code page} of this instance's hosts and every other instance's, by host id. */
    List<HostView> hosts(HostPage page, List<HostView> local, ApiCall call) {
        List<HostView> hosts = new ArrayList<>(page.of(local));
        if (!call.forwarded()) {
            for (HostInfo instance : router.otherInstances()) {
                hosts.addAll(List.of(ask(instance, page.pathAndQuery(), call, HostView[].class)));
            }
        }
        return page.of(hosts);
    }

    /** This instance's anomalies and every other instance's answer to the same request, newest first. */
    List<AnomalyView> anomalies(List<AnomalyView> local, ApiCall call, int limit) {
        List<AnomalyView> all = new ArrayList<>(local);
        if (!call.forwarded()) {
            for (HostInfo instance : router.otherInstances()) {
                all.addAll(List.of(ask(instance, call.pathAndQuery(), call, AnomalyView[].class)));
            }
        }
        return AnomalyView.newestFirst(all, limit);
    }

    private <T> T ask(HostInfo instance, String pathAndQuery, ApiCall call, Class<T> type) {
        HttpResponse<byte[]> response = router.forward(instance, pathAndQuery, call.authorization());
        if (response.statusCode() != 200) {
            throw new Unavailable("instance " + instance.host() + ":" + instance.port() + " answered "
                    + response.statusCode());
        }
        try {
            return mapper.readValue(response.body(), type);
        } catch (IOException e) {
            throw new Unavailable("instance " + instance.host() + ":" + instance.port() + " sent an unreadable answer: "
                    + e.getMessage());
        }
    }
}
