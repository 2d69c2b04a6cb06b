package io.memfleet.aggregator.query;

import javax.net.ssl.SSLContext;

/**
 * How the HTTP API is protected: the bearer token every route but {@code /healthz} wants (null:
 * none), the TLS context it serves with (null: plain HTTP), and the one it trusts other instances
 * with when it forwards a query (null: the JVM's default trust store).
 *
 * <p>Instances of one application id share their configuration, so a forwarding instance speaks
 * its own scheme to the owner and authenticates with its own token.
 */
public record ApiSecurity(String token, SSLContext serverTls, SSLContext clientTls) {

    public static final ApiSecurity NONE = new ApiSecurity(null, null, null);

    public boolean tls() {
        return serverTls != null;
    }

    public String scheme() {
        return tls() ? "https" : "http";
    }

    @Override
    public String toString() {
        return "ApiSecurity[token " + (token == null ? "none" : "set") + ", TLS " + (tls() ? "on" : "off") + "]";
    }
}
