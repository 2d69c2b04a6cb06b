package io.memfleet.cli.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

/**
 * GETs from the aggregator's HTTP API. A 2xx answer's body is returned as is; anything else becomes
 * a {@link QueryException} with one line: the server's own {@code {"error": ..., "status": N}}
 * message, or what went wrong on the way (refused, timed out, not an HTTP server).
 */
final class ApiClient {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final URI base;
    private final Duration timeout;
    private final String token;
    private final HttpClient http;

    /**
     * @param base    the API's base URL, {@code http://host:port}, without a trailing slash
     * @param timeout for connecting, and again for the whole answer
     * @param token   sent as {@code Authorization: Bearer token}; null for none
     * @param tls     for https: whom to trust; null for the JVM's default trusted CAs
     */
    ApiClient(URI base, Duration timeout, String token, SSLContext tls) {
        this.base = base;
        this.timeout = timeout;
        this.token = token;
        HttpClient.Builder builder = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER);
        if (tls != null) {
            builder.sslContext(tls);
        }
        this.http = builder.build();
    }

    /** The body of a 2xx answer to {@code GET base + path}. */
    String get(ApiPath path) {
        URI uri = URI.create(base + path.encoded());
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET().timeout(timeout)
                .header("Accept", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpConnectTimeoutException e) {
            throw QueryException.failure("cannot connect to " + base + " within " + seconds(timeout)
                    + "; is the aggregator there? Point --url (or MEMFLEET_URL) at it, or raise --timeout");
        } catch (HttpTimeoutException e) {
            throw QueryException.failure("no answer from " + base + " within " + seconds(timeout)
                    + " (raise --timeout)");
        } catch (ConnectException e) {
            throw QueryException.failure("cannot connect to " + base + " (" + reason(e, "connection refused")
                    + "); is the aggregator running? Point --url (or MEMFLEET_URL) at it");
        } catch (IOException e) {
            throw QueryException.failure(describeIoFailure(e));
        } catch (UnresolvedAddressException e) {
            throw QueryException.failure("cannot resolve the host of " + base + "; check --url (or MEMFLEET_URL)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw QueryException.failure("interrupted while waiting for " + base);
        }
        int status = response.statusCode();
        if (status == 401) {
            throw QueryException.failure(token == null
                    ? "the aggregator at " + base + " wants a token: pass --token-file FILE, --token or MEMFLEET_TOKEN "
                            + "(HTTP 401)"
                    : "the aggregator at " + base + " refused the token: it must be the one in its "
                            + "http.auth.token.file (HTTP 401)");
        }
        if (status / 100 != 2) {
            throw QueryException.failure(describeError(status, response.body()) + " (HTTP " + status + ")");
        }
        return response.body();
    }

    /** One line for a failure on the way: TLS ones say what to pass. */
    private String describeIoFailure(IOException e) {
        boolean https = "https".equalsIgnoreCase(base.getScheme());
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SSLHandshakeException && String.valueOf(t.getMessage()).contains("PKIX")) {
                return "cannot verify the TLS certificate of " + base + ": no trusted CA signed it; pass the CA's "
                        + "certificate with --cacert FILE (or MEMFLEET_CACERT)";
            }
            if (t instanceof SSLException) {
                String message = String.valueOf(t.getMessage());
                return "TLS with " + base + " failed: " + message
                        + (message.contains("plaintext") || message.contains("nrecognized SSL message")
                        ? "; does it serve HTTPS? Try an http:// URL" : "");
            }
        }
        String line = "cannot talk to " + base + ": " + reason(e, e.getClass().getSimpleName());
        // A plain-HTTP request to an HTTPS port gets the connection closed without an answer.
        return https ? line : line + "; if the aggregator serves HTTPS, use an https:// URL";
    }

    /** The server's {@code error} message, or the start of a body that is not our JSON (a proxy's page). */
    static String describeError(int status, String body) {
        try {
            JsonNode error = MAPPER.readTree(body).path("error");
            if (error.isTextual() && !error.asText().isBlank()) {
                return error.asText();
            }
        } catch (IOException | RuntimeException e) {
            // Not JSON: fall through to the body's first line.
        }
        String firstLine = body == null ? "" : body.strip().lines().findFirst().orElse("");
        if (firstLine.isEmpty()) {
            return "the server answered " + status + " with no error message";
        }
        return "the server answered: " + Table.printable(firstLine.length() > 200 ? firstLine.substring(0, 200) + "..." : firstLine);
    }

    private static String reason(Exception e, String fallback) {
        // HttpClient wraps the socket's exception; its message is the useful part.
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                return t.getMessage();
            }
        }
        return fallback;
    }

    private static String seconds(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + "s" : duration.toMillis() + "ms";
    }
}
