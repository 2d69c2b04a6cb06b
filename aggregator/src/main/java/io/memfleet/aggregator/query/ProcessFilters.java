package io.memfleet.aggregator.query;

import java.util.regex.Pattern;

/**
 * The filters of {@code GET .../processes}: {@code name=} (contained in the name), {@code unit=}
 * (the systemd unit, exactly) and {@code container=} (a prefix of the container id, as {@code docker
 * ps} shows 12 digits of it). A value that cannot match anything is a 400 rather than an empty list,
 * so a typo is told apart from "nothing runs there".
 */
record ProcessFilters(String name, String unit, String container) {

    /** What systemd accepts in a unit name (systemd.unit(5): escaped with \x2d and the like), at most 256. */
    private static final Pattern UNIT_NAME = Pattern.compile("[A-Za-z0-9:_.\\\\@-]{1,256}");
    /** Four digits at least: shorter prefixes match too many containers to mean one. */
    private static final Pattern CONTAINER_PREFIX = Pattern.compile("[0-9a-f]{4,64}");

    static ProcessFilters of(String name, String unit, String container) {
        if (unit != null && !UNIT_NAME.matcher(unit).matches()) {
            throw new ApiRequest.BadRequest("bad parameter unit='" + unit
                    + "': expected a systemd unit name such as nginx.service");
        }
        if (container != null && !CONTAINER_PREFIX.matcher(container).matches()) {
            throw new ApiRequest.BadRequest("bad parameter container='" + container
                    + "': expected 4 to 64 lower-case hex digits of a container id");
        }
        return new ProcessFilters(name == null || name.isEmpty() ? null : name, unit, container);
    }

    boolean accepts(ProcessView process) {
        return (name == null || process.name().contains(name))
                && (unit == null || unit.equals(process.unit()))
                && (container == null || (process.containerId() != null && process.containerId().startsWith(container)));
    }
}
