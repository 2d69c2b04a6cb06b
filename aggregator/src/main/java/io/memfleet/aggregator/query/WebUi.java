package io.memfleet.aggregator.query;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Properties;
import java.util.zip.GZIPOutputStream;

/**
 * The web view's files: the page at {@code /} and its assets under {@code /ui/}, all read from the
 * class path once at start. Only the paths in a fixed table are served, so no request can name a
 * file outside it ({@code /ui/../x}, an unknown asset: 404). The chart library, uPlot, comes from
 * its WebJar and is served under its version, so it may be cached for good; the page and our own
 * script and style are revalidated by ETag.
 */
public final class WebUi {

    static final String UI_PREFIX = "/ui/";
    private static final String BASE = "/io/memfleet/aggregator/web/";
    private static final String UPLOT_POM = "/META-INF/maven/org.webjars.npm/uplot/pom.properties";
    private static final String UPLOT_DIST = "/META-INF/resources/webjars/uplot/%s/dist/";
    private static final String REVALIDATE = "no-cache";
    private static final String FOREVER = "public, max-age=31536000, immutable";
    /**
     * Same origin only: scripts, styles, data and images from this server, nothing inline, no
     * frames. uPlot sets element styles through the DOM, which {@code style-src 'self'} allows.
     */
    private static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private record Asset(String contentType, String cacheControl, byte[] body, byte[] gzipped, String etag) {
    }

    private final Map<String, Asset> assets;
    private final String uplotVersion;

    /** Loads every asset; fails if one is missing from the class path (a broken build, not a request). */
    public WebUi() {
        uplotVersion = readUplotVersion();
        String uplot = UI_PREFIX + "uplot/" + uplotVersion + "/";
        String page = new String(read(BASE + "index.html"), StandardCharsets.UTF_8).replace("{{uplot}}", uplot);
        String dist = String.format(UPLOT_DIST, uplotVersion);
        assets = Map.of(
                "/", asset("text/html; charset=utf-8", REVALIDATE, page.getBytes(StandardCharsets.UTF_8)),
                UI_PREFIX + "app.js", asset("text/javascript; charset=utf-8", REVALIDATE, read(BASE + "app.js")),
                UI_PREFIX + "app.css", asset("text/css; charset=utf-8", REVALIDATE, read(BASE + "app.css")),
                UI_PREFIX + "favicon.svg", asset("image/svg+xml", REVALIDATE, read(BASE + "favicon.svg")),
                uplot + "uPlot.iife.min.js", asset("text/javascript; charset=utf-8", FOREVER,
                        read(dist + "uPlot.iife.min.js")),
                uplot + "uPlot.min.css", asset("text/css; charset=utf-8", FOREVER, read(dist + "uPlot.min.css")));
    }

    /** The uPlot version served, from its WebJar's Maven metadata. */
    public String uplotVersion() {
        return uplotVersion;
    }

    private static String readUplotVersion() {
        Properties pom = new Properties();
        try (InputStream in = WebUi.class.getResourceAsStream(UPLOT_POM)) {
            if (in == null) {
                throw new IllegalStateException("the uPlot WebJar (org.webjars.npm:uplot) is not on the class path");
            }
            pom.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return pom.getProperty("version");
    }

    /** True for the paths this class answers: the page, and everything under {@code /ui/} (served or 404). */
    public static boolean owns(String rawPath) {
        return "/".equals(rawPath) || rawPath.startsWith(UI_PREFIX);
    }

    /** Answers one request and closes the exchange. */
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Headers headers = exchange.getResponseHeaders();
            headers.set("X-Content-Type-Options", "nosniff");
            headers.set("Referrer-Policy", "no-referrer");
            String method = exchange.getRequestMethod();
            boolean head = "HEAD".equals(method);
            if (!head && !"GET".equals(method)) {
                headers.set("Allow", "GET, HEAD");
                sendError(exchange, 405, "only GET and HEAD are supported", false);
                return;
            }
            Asset asset = assets.get(exchange.getRequestURI().getRawPath());
            if (asset == null) {
                sendError(exchange, 404, "no such file", head);
                return;
            }
            headers.set("Content-Type", asset.contentType());
            headers.set("Cache-Control", asset.cacheControl());
            headers.set("ETag", asset.etag());
            headers.set("Vary", "Accept-Encoding");
            if (asset.contentType().startsWith("text/html")) {
                headers.set("Content-Security-Policy", CSP);
                headers.set("X-Frame-Options", "DENY");
            }
            if (asset.etag().equals(exchange.getRequestHeaders().getFirst("If-None-Match"))) {
                exchange.sendResponseHeaders(304, -1);
                return;
            }
            String accept = exchange.getRequestHeaders().getFirst("Accept-Encoding");
            byte[] body = asset.body();
            if (accept != null && accept.contains("gzip") && asset.gzipped().length < body.length) {
                headers.set("Content-Encoding", "gzip");
                body = asset.gzipped();
            }
            send(exchange, 200, body, head);
        }
    }

    /** The API's error shape; the message is a constant, so it needs no escaping. */
    private static void sendError(HttpExchange exchange, int status, String message, boolean head) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        String body = "{\"error\":\"" + message + "\",\"status\":" + status + "}";
        send(exchange, status, body.getBytes(StandardCharsets.UTF_8), head);
    }

    private static void send(HttpExchange exchange, int status, byte[] body, boolean head) throws IOException {
        if (head) {
            exchange.getResponseHeaders().set("Content-Length", Integer.toString(body.length));
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static Asset asset(String contentType, String cacheControl, byte[] body) {
        ByteArrayOutputStream gzipped = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gzipped)) {
            out.write(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
            String etag = "\"" + HexFormat.of().formatHex(digest, 0, 12) + "\"";
            return new Asset(contentType, cacheControl, body, gzipped.toByteArray(), etag);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] read(String resource) {
        try (InputStream in = WebUi.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("web view resource missing from the class path: " + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
