package io.memfleet.aggregator.query;

import io.memfleet.aggregator.topology.AggregatorTopology;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLException;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Which aggregator instance owns a host, and asking it. A host's records, and so its state, live
 * in the one task that owns its partition; Kafka Streams knows which instance runs that task
 * ({@code application.server}), and any instance can forward a query there.
 */
public final class InstanceRouter {

    /** Marks a forwarded request: the receiver answers from its own stores and never forwards again. */
    public static final String FORWARDED_HEADER = "X-Memfleet-Forwarded";

    private final KafkaStreams streams;
    private final HostInfo self;
    private final String scheme;
    private final String authorization;
    private final HttpClient client;

    /**
     * @param security this instance's: every instance of an application id shares the configuration,
     *                 so the owner speaks the same scheme and accepts the same token
     */
    public InstanceRouter(KafkaStreams streams, HostInfo self, ApiSecurity security) {
        this.streams = streams;
        this.self = self;
        this.scheme = security.scheme();
        this.authorization = security.token() == null ? null : "Bearer " + security.token();
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2));
        if (security.clientTls() != null) {
            builder.sslContext(security.clientTls());
        }
        this.client = builder.build();
    }

    /** The instance that owns {@code hostId}, or empty when it is this one. */
    public Optional<HostInfo> ownerOf(String hostId) {
        KeyQueryMetadata metadata = streams.queryMetadataForKey(AggregatorTopology.HOSTS_STORE, hostId,
                Serdes.String().serializer());
        if (metadata == null || metadata.equals(KeyQueryMetadata.NOT_AVAILABLE)) {
            throw new Unavailable("the owner of host '" + hostId + "' is not known yet (rebalancing)");
        }
        HostInfo owner = metadata.activeHost();
        return owner.equals(self) ? Optional.empty() : Optional.of(owner);
    }

    /** Every other instance of this application that holds stores. */
    public List<HostInfo> otherInstances() {
        List<HostInfo> others = new ArrayList<>();
        for (StreamsMetadata metadata : streams.metadataForAllStreamsClients()) {
            if (!metadata.hostInfo().equals(self) && !metadata.stateStoreNames().isEmpty()) {
                others.add(metadata.hostInfo());
            }
        }
        return others;
    }

    /**
     * GETs {@code pathAndQuery} from {@code instance}, marked as forwarded, with this instance's
     * token when it has one, else the caller's {@code Authorization} header.
     */
    public HttpResponse<byte[]> forward(HostInfo instance, String pathAndQuery, String callerAuthorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create(scheme + "://" + instance.host() + ":" + instance.port() + pathAndQuery))
                .timeout(Duration.ofSeconds(10))
                .header(FORWARDED_HEADER, "1");
        String sent = authorization != null ? authorization : callerAuthorization;
        if (sent != null) {
            request.header("Authorization", sent);
        }
        try {
            HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() == 401 && authorization != null) {
                // Not the caller's fault: the instances disagree about the token.
                throw new Unavailable("instance " + instance.host() + ":" + instance.port()
                        + " that owns this data refused this instance's token: every instance needs the same "
                        + "http.auth.token.file");
            }
            return response;
        } catch (IOException e) {
            if (e instanceof SSLException || e.getCause() instanceof SSLException) {
                throw new Unavailable("instance " + instance.host() + ":" + instance.port()
                        + " that owns this data failed the TLS handshake (" + e.getMessage() + "): every instance "
                        + "must serve HTTPS with a certificate for its advertised name that http.tls.truststore.file "
                        + "trusts");
            }
            throw new Unavailable("instance " + instance.host() + ":" + instance.port()
                    + " that owns this data did not answer: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable("interrupted while asking " + instance.host() + ":" + instance.port());
        }
    }
}
