package io.memfleet.alerts;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Posts alerts to every configured Alertmanager at once ({@code POST /api/v2/alerts}) and sorts the
 * answers into accepted, worth retrying, and rejected for good.
 *
 * <p>Only 400 and 422 (the alerts themselves are invalid) and 413 (too large) are permanent: any
 * other answer — refused connection, time-out, 5xx, 429, and also 404, 401 or 403, which say the URL
 * or credentials are wrong rather than the alert — is retried, so a misconfigured URL holds the
 * anomalies back instead of dropping them. With several Alertmanagers (an HA pair, which does not
 * share alerts), one acceptance delivers the batch; the others catch up with the firing alerts at the
 * next re-send.
 */
final class AlertmanagerClient {

    private static final int MAX_BODY_IN_MESSAGE = 300;

    /** What became of one post. */
    sealed interface Outcome permits Accepted, Retriable, Rejected {
    }

    /** @param failures one line for each Alertmanager that did not accept it (empty when all did) */
    record Accepted(List<String> failures) implements Outcome {
    }

    record Retriable(String reason) implements Outcome {
    }

    record Rejected(String reason) implements Outcome {
    }

    private final List<URI> endpoints;
    private final Duration timeout;
    private final ObjectMapper mapper = new ObjectMapper();
    private final HttpClient http;

    AlertmanagerClient(List<URI> endpoints, Duration timeout) {
        this.endpoints = List.copyOf(endpoints);
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    List<URI> endpoints() {
        return endpoints;
    }

    Outcome post(List<PostableAlert> alerts) {
        ArrayNode body = mapper.createArrayNode();
        alerts.forEach(alert -> body.add(alert.toJson(mapper)));
        byte[] bytes;
        try {
            bytes = mapper.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write alerts as JSON", e);
        }
        List<CompletableFuture<Outcome>> answers = new ArrayList<>();
        for (URI endpoint : endpoints) {
            HttpRequest request = HttpRequest.newBuilder(endpoint).timeout(timeout)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build();
            answers.add(http.sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
                    .handle((response, failure) -> classify(endpoint, response, failure)));
        }
        List<String> failures = new ArrayList<>();
        boolean accepted = false;
        boolean retriable = false;
        for (CompletableFuture<Outcome> answer : answers) {
            Outcome outcome = answer.join();
            if (outcome instanceof Accepted) {
                accepted = true;
            } else {
                retriable |= outcome instanceof Retriable;
                failures.add(outcome instanceof Retriable r ? r.reason() : ((Rejected) outcome).reason());
            }
        }
        String reasons = String.join("; ", failures);
        if (accepted) {
            return new Accepted(failures);
        }
        return retriable ? new Retriable(reasons) : new Rejected(reasons);
    }

    private static Outcome classify(URI endpoint, HttpResponse<String> response, Throwable failure) {
        if (failure != null) {
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            return new Retriable(endpoint + ": " + describe(cause));
        }
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return new Accepted(List.of());
        }
        String reason = endpoint + ": HTTP " + status + " " + shorten(response.body());
        return status == 400 || status == 413 || status == 422 ? new Rejected(reason) : new Retriable(reason);
    }

    private static String describe(Throwable cause) {
        String message = cause.getMessage();
        String name = cause.getClass().getSimpleName();
        if (cause instanceof java.net.ConnectException) {
            return "connection refused";
        }
        return message == null || message.isBlank() ? name : name + ": " + message;
    }

    private static String shorten(String body) {
        String text = body == null ? "" : body.strip().replaceAll("\\s+", " ");
        return text.length() <= MAX_BODY_IN_MESSAGE ? text : text.substring(0, MAX_BODY_IN_MESSAGE) + "…";
    }
}
