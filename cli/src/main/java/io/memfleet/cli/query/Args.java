package io.memfleet.cli.query;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Checks of command-line values, each failing with a one-line usage error naming the value. */
final class Args {

    /** pid_max is at most 2^22: nine digits leave room and cannot overflow an int. */
    private static final Pattern PID = Pattern.compile("[0-9]{1,9}");
    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,18}");
    private static final Pattern FIELD = Pattern.compile("[A-Za-z][A-Za-z0-9]*");

    private Args() {
    }

    static String host(String host) {
        if (host == null || host.isEmpty()) {
            throw QueryException.usage("HOST must be a host id (see 'memfleet query hosts'), not empty");
        }
        return host;
    }

    static int pid(String pid) {
        if (!PID.matcher(pid).matches() || Integer.parseInt(pid) == 0) {
            throw QueryException.usage("PID must be a process id (a whole number from 1), not \"" + Table.printable(pid) + "\"");
        }
        return Integer.parseInt(pid);
    }

    /** A non-negative whole number ({@code --start-time} clock ticks); null stays null. */
    static Long ticks(String flag, String text) {
        if (text == null) {
            return null;
        }
        if (!DIGITS.matcher(text).matches()) {
            throw QueryException.usage(flag + " " + Table.printable(text)
                    + ": expected clock ticks since boot (a whole number from 0; field 22 of /proc/PID/stat)");
        }
        return Long.parseLong(text);
    }

    /** A whole number from 1; null stays null. */
    static Integer positive(String flag, String text) {
        if (text == null) {
            return null;
        }
        if (!PID.matcher(text).matches() || Integer.parseInt(text) == 0) {
            throw QueryException.usage(flag + " " + Table.printable(text) + ": expected a whole number from 1");
        }
        return Integer.parseInt(text);
    }

    /** A comma-separated list of field names, {@code vmRssKb,rssAnonKb}; null stays null. */
    static String fields(String text) {
        if (text == null) {
            return null;
        }
        List<String> names = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            String name = part.trim();
            if (!FIELD.matcher(name).matches()) {
                throw QueryException.usage("--fields " + Table.printable(text)
                        + ": expected field names separated by commas, such as vmRssKb,rssAnonKb");
            }
            names.add(name);
        }
        return String.join(",", names);
    }

    /** One of the given words, in any case, returned as given in allowed; null stays null. */
    static String oneOf(String flag, String text, String... allowed) {
        if (text == null) {
            return null;
        }
        for (String word : allowed) {
            if (word.equalsIgnoreCase(text.trim())) {
                return word;
            }
        }
        String last = allowed[allowed.length - 1];
        String list = allowed.length == 1 ? last
                : String.join(", ", java.util.Arrays.asList(allowed).subList(0, allowed.length - 1)) + " or " + last;
        throw QueryException.usage(flag + " " + Table.printable(text) + ": expected " + list);
    }
}
