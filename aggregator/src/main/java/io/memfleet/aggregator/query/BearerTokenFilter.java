package io.memfleet.aggregator.query;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import io.memfleet.aggregator.errors.LogThrottle;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets a request through only with {@code Authorization: Bearer <token>} ({@code http.auth.token.file});
 * {@code /healthz} stays open so load balancers and systemd-style probes need no secret (it tells
 * only whether Kafka Streams is RUNNING), as do the web view's static files (no data). Anything else is answered 401 with a JSON error and
 * {@code WWW-Authenticate: Bearer} (RFC 6750).
 *
 * <p>The presented token and the expected one are compared as SHA-256 digests with
 * {@link MessageDigest#isEqual}: constant time in the digest, which has one length whatever the
 * token's, so neither a matching prefix nor the token's length shows in the answer's timing.
 */
public final class BearerTokenFilter extends Filter {

    private static final Logger LOG = LoggerFactory.getLogger(BearerTokenFilter.class);
    private static final String SCHEME = "bearer ";
    private static final String REALM = "Bearer realm=\"memfleet\"";

    private final byte[] expectedDigest;
    private final LogThrottle rejectedLog = new LogThrottle(1, TimeUnit.MINUTES, System::nanoTime);

    public BearerTokenFilter(String token) {
        if (token == null || token.isEmpty()) {
            throw new IllegalArgumentException("a bearer token must not be empty");
        }
        this.expectedDigest = sha256(token);
    }

    @Override
    public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
        if (isHealthCheck(exchange) || isWebBundle(exchange)
                || authorized(exchange.getRequestHeaders().getFirst("Authorization"))) {
            chain.doFilter(exchange);
            return;
        }
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        boolean presented = authorization != null && authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length());
        long held = rejectedLog.tryAcquire();
        if (held != LogThrottle.SUPPRESS) {
            LOG.warn("Refused {} {} from {}: {}{}", exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                    exchange.getRemoteAddress(), presented ? "wrong bearer token" : "no bearer token",
                    held > 0 ? " (and " + held + " more refusals in the last minute, not shown)" : "");
        }
        try (exchange) {
            exchange.getResponseHeaders().set("WWW-Authenticate", presented ? REALM + ", error=\"invalid_token\"" : REALM);
            byte[] body = ("{\"error\":\"" + (presented ? "wrong bearer token" : "this API needs a bearer token")
                    + ": send Authorization: Bearer <token> with the token of http.auth.token.file\",\"status\":401}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(401, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** True if {@code authorization} is {@code Bearer <the token>} (the scheme in any case). */
    boolean authorized(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return false;
        }
        String presented = authorization.substring(SCHEME.length()).strip();
        return MessageDigest.isEqual(expectedDigest, sha256(presented));
    }

    /** The API's own route table, so no spelling of a path is open here and routed elsewhere. */
    private static boolean isHealthCheck(HttpExchange exchange) {
        return "GET".equals(exchange.getRequestMethod()) && ApiRoutes.TABLE.find(exchange.getRequestURI().getRawPath())
                .filter(route -> route.template().text().equals(ApiRoutes.HEALTH)).isPresent();
    }

    /**
     * The web view's page and its fixed bundle of files ({@link WebUi}) hold no data and cannot
     * carry a bearer token (a browser's navigation sends none); the page asks for the token and
     * sends it with its API calls, which this filter guards like any other.
     */
    private static boolean isWebBundle(HttpExchange exchange) {
        String method = exchange.getRequestMethod();
        return ("GET".equals(method) || "HEAD".equals(method)) && WebUi.owns(exchange.getRequestURI().getRawPath());
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    @Override
    public String description() {
        return "Bearer token authentication";
    }
}
