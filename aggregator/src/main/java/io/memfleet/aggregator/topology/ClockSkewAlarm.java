package io.memfleet.aggregator.topology;

import io.memfleet.aggregator.detect.AnomalyIds;
import io.memfleet.schema.Anomaly;
import io.memfleet.schema.AnomalyStatus;
import io.memfleet.schema.AnomalyType;
import io.memfleet.schema.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CLOCK_SKEW episodes of a host: FIRING at its first record that could not be filed at its own time
 * ({@link RecordTime}: beyond the tolerance ahead, or older than the history), RESOLVED at the first
 * one filed at its own time again no more than half the tolerance ahead, so a clock hovering at the
 * tolerance does not flap. A host behind by less than the history's retention is shown
 * ({@code clockSkewMs}) but not alerted: its records look exactly like a spool drained after an
 * outage, which are late and fine.
 *
 * <p>The episode belongs to the host, not a process: pid 0, start time 0, no process name; it is
 * named by the time it began, so the same records give the same ids.
 */
final class ClockSkewAlarm {

    private final long toleranceMs;

    ClockSkewAlarm(Duration tolerance) {
        this.toleranceMs = tolerance.toMillis();
    }

    /** Whether an episode is open after a record dated {@code time}, given whether one was open before. */
    boolean firing(boolean wasFiring, RecordTime time) {
        if (time.outOfTime()) {
            return true;
        }
        return wasFiring && time.skewMs() > toleranceMs / 2;
    }

    /** The event for {@code after}'s episode opening or closing at {@code time}; null if neither. */
    Anomaly event(HostState before, HostState after, RecordTime time) {
        boolean was = before != null && before.clockSkewSince() != null;
        boolean is = after.clockSkewSince() != null;
        if (was == is) {
            return null;
        }
        AnomalyStatus status = is ? AnomalyStatus.FIRING : AnomalyStatus.RESOLVED;
        long since = is ? after.clockSkewSince() : before.clockSkewSince();
        String id = AnomalyIds.of(after.hostId(), "", 0, 0, AnomalyType.CLOCK_SKEW, Long.toString(since), status);
        Map<String, String> evidence = new LinkedHashMap<>();
        evidence.put("clockSkewMs", Long.toString(time.skewMs()));
        evidence.put("claimedTime", Instant.ofEpochMilli(time.skewMs() + trusted(time)).toString());
        evidence.put("brokerTime", Instant.ofEpochMilli(trusted(time)).toString());
        evidence.put("toleranceMs", Long.toString(toleranceMs));
        evidence.put("samplesOutOfTime", Long.toString(after.samplesOutOfTime()));
        return new Anomaly(id, AnomalyType.CLOCK_SKEW, Severity.MEDIUM, status, after.hostId(), after.hostname(), 0, 0,
                "", time.at(), summary(after, time, is), evidence);
    }

    /** The trusted time: what a record out of time is filed at, or its claim minus its skew. */
    private static long trusted(RecordTime time) {
        return time.outOfTime() ? time.at() : time.at() - time.skewMs();
    }

    private String summary(HostState host, RecordTime time, boolean firing) {
        String name = host.hostname().isEmpty() ? host.hostId() : host.hostname();
        if (!firing) {
            return "The clock of host " + name + " agrees with the broker's again (" + describe(time.skewMs()) + ").";
        }
        if (time.verdict() == RecordTime.Verdict.AHEAD) {
            return "The clock of host " + name + " is " + describe(time.skewMs())
                    + ": its records are filed at the broker's time, and time-based detection is unreliable.";
        }
        return "The clock of host " + name + " is " + describe(time.skewMs())
                + ": its records are older than the history and are not stored.";
    }

    private static String describe(long skewMs) {
        Duration skew = Duration.ofMillis(Math.abs(skewMs));
        String amount = skew.toDays() >= 2 ? skew.toDays() + " days"
                : skew.toHours() >= 2 ? skew.toHours() + " hours"
                : skew.toMinutes() >= 2 ? skew.toMinutes() + " minutes" : skew.toSeconds() + " s";
        return amount + (skewMs >= 0 ? " ahead" : " behind");
    }
}
