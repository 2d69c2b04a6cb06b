package io.memfleet.alerts;

import io.memfleet.schema.Anomaly;
import io.memfleet.schema.AnomalyStatus;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Anomaly to Alertmanager alert: a pure function, no I/O.
 *
 * <p>Labels (the alert's identity in Alertmanager): {@code alertname} = type, {@code severity}
 * (lower case, as Prometheus rules write it), {@code host} = host id (not the host name, which a
 * process's first samples can arrive without), {@code process}, {@code pid}, {@code start_time} (so a
 * reused pid is another alert) and, for the executable-mapping types, {@code mapping} = the address
 * and path of the offending mapping (one process can have several such episodes at once). Empty
 * values are left out, as Alertmanager itself drops them; so are {@code pid} and {@code start_time}
 * of a host's own anomaly ({@code CLOCK_SKEW}, {@code DUPLICATE_HOST_ID}: pid 0), which is one alert
 * per host.
 *
 * <p>Annotations: {@code summary}, {@code evidence} (one {@code key: value} line per item, capped),
 * {@code hostname}, {@code anomaly_id} (the event's deterministic id, for de-duplication) and
 * {@code detected_at}.
 */
public final class AlertMapping {

    public static final String LABEL_ALERTNAME = "alertname";
    public static final String LABEL_SEVERITY = "severity";
    public static final String LABEL_HOST = "host";
    public static final String LABEL_PROCESS = "process";
    public static final String LABEL_PID = "pid";
    public static final String LABEL_START_TIME = "start_time";
    public static final String LABEL_MAPPING = "mapping";

    public static final String ANNOTATION_SUMMARY = "summary";
    public static final String ANNOTATION_EVIDENCE = "evidence";
    public static final String ANNOTATION_HOSTNAME = "hostname";
    public static final String ANNOTATION_ANOMALY_ID = "anomaly_id";
    public static final String ANNOTATION_DETECTED_AT = "detected_at";

    /** The evidence item of the executable-mapping detectors: the maps line, frozen when the episode started. */
    static final String EVIDENCE_MAPPING = "mapping";

    /** {@code start-end perms offset dev inode [path]}, as the aggregator's MapsLine writes it. */
    private static final Pattern MAPS_LINE =
            Pattern.compile("([0-9a-f]+)-[0-9a-f]+ \\S+ [0-9a-f]+ \\S+ \\d+(?: +(.*))?");

    /**
     * @param firingTimeout    a firing alert's {@code endsAt} is this long after it was sent, so
     *                         alerts of a bridge that stopped resolve by themselves
     * @param evidenceMaxChars cap on the evidence annotation
     * @param aggregatorUrl    base URL of the aggregator's API for {@code generatorURL}; null for none
     */
    public record Settings(Duration firingTimeout, int evidenceMaxChars, String aggregatorUrl) {
    }

    private AlertMapping() {
    }

    public static AlertKey key(Anomaly anomaly) {
        return new AlertKey(anomaly.hostId(), anomaly.pid(), anomaly.startTime(), anomaly.type(), episode(anomaly));
    }

    public static Map<String, String> labels(Anomaly anomaly) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(LABEL_ALERTNAME, anomaly.type().name());
        labels.put(LABEL_SEVERITY, anomaly.severity().name().toLowerCase(Locale.ROOT));
        labels.put(LABEL_HOST, anomaly.hostId());
        labels.put(LABEL_PROCESS, anomaly.processName());
        if (anomaly.pid() != 0) { // pid 0: the host's own anomaly (CLOCK_SKEW, DUPLICATE_HOST_ID), no process
            labels.put(LABEL_PID, Integer.toString(anomaly.pid()));
            labels.put(LABEL_START_TIME, Long.toString(anomaly.startTime()));
        }
        labels.put(LABEL_MAPPING, episode(anomaly));
        labels.values().removeIf(String::isEmpty);
        return labels;
    }

    /** A FIRING anomaly, sent at {@code now}: starts when it was detected, expires {@code firingTimeout} after now. */
    public static PostableAlert firing(Anomaly anomaly, Instant now, Settings settings) {
        requireStatus(anomaly, AnomalyStatus.FIRING);
        Instant startsAt = Instant.ofEpochMilli(anomaly.detectedAt());
        return new PostableAlert(labels(anomaly), annotations(anomaly, settings), startsAt,
                expiry(startsAt, now, settings), generatorUrl(anomaly, settings));
    }

    /** A firing alert sent again at {@code now}, so that it does not expire. */
    public static PostableAlert refreshed(PostableAlert firing, Instant now, Settings settings) {
        return firing.endingAt(expiry(firing.startsAt(), now, settings));
    }

    /**
     * A RESOLVED anomaly. {@code firing} is the alert sent for its FIRING event when this bridge knows
     * it: its labels and start are reused, so Alertmanager matches the two even if the process was
     * renamed in between. Without it the labels are computed the same way as for FIRING.
     */
    public static PostableAlert resolved(Anomaly anomaly, PostableAlert firing, Settings settings) {
        requireStatus(anomaly, AnomalyStatus.RESOLVED);
        Instant endsAt = Instant.ofEpochMilli(anomaly.detectedAt());
        Map<String, String> labels = firing != null ? firing.labels() : labels(anomaly);
        Instant startsAt = firing != null && firing.startsAt().isBefore(endsAt) ? firing.startsAt() : endsAt;
        return new PostableAlert(labels, annotations(anomaly, settings), startsAt, endsAt,
                generatorUrl(anomaly, settings));
    }

    /** The evidence items as {@code key: value} lines, cut at {@code maxChars} with a note saying so. */
    static String evidence(Map<String, String> evidence, int maxChars) {
        StringBuilder text = new StringBuilder();
        evidence.forEach((key, value) -> {
            if (!text.isEmpty()) {
                text.append('\n');
            }
            text.append(key).append(": ").append(value);
        });
        if (text.length() <= maxChars) {
            return text.toString();
        }
        String note = "\n… (cut: " + maxChars + " of " + text.length() + " characters)";
        int keep = Math.max(0, maxChars - note.length());
        if (keep > 0 && Character.isHighSurrogate(text.charAt(keep - 1))) {
            keep--;
        }
        return text.substring(0, keep) + note;
    }

    /** The episode within the process and type: {@code address path} of the offending mapping, or empty. */
    static String episode(Anomaly anomaly) {
        String line = anomaly.evidence().get(EVIDENCE_MAPPING);
        if (line == null || line.isEmpty()) {
            return "";
        }
        Matcher matcher = MAPS_LINE.matcher(line);
        if (!matcher.matches()) {
            return line;
        }
        String path = matcher.group(2);
        return path == null || path.isEmpty() ? matcher.group(1) : matcher.group(1) + " " + path;
    }

    private static Map<String, String> annotations(Anomaly anomaly, Settings settings) {
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put(ANNOTATION_SUMMARY, anomaly.summary());
        annotations.put(ANNOTATION_EVIDENCE, evidence(anomaly.evidence(), settings.evidenceMaxChars()));
        annotations.put(ANNOTATION_HOSTNAME, anomaly.hostname());
        annotations.put(ANNOTATION_ANOMALY_ID, anomaly.id());
        annotations.put(ANNOTATION_DETECTED_AT, Instant.ofEpochMilli(anomaly.detectedAt()).toString());
        annotations.values().removeIf(String::isEmpty);
        return annotations;
    }

    private static Instant expiry(Instant startsAt, Instant now, Settings settings) {
        return (now.isAfter(startsAt) ? now : startsAt).plus(settings.firingTimeout());
    }

    private static String generatorUrl(Anomaly anomaly, Settings settings) {
        if (settings.aggregatorUrl() == null || settings.aggregatorUrl().isEmpty()) {
            return null;
        }
        return settings.aggregatorUrl() + "/api/anomalies?hostId=" + URLEncoder.encode(anomaly.hostId(),
                StandardCharsets.UTF_8);
    }

    private static void requireStatus(Anomaly anomaly, AnomalyStatus status) {
        if (anomaly.status() != status) {
            throw new IllegalArgumentException("anomaly " + anomaly.id() + " is " + anomaly.status() + ", not " + status);
        }
    }
}
