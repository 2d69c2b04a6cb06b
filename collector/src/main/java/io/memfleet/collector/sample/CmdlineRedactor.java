package io.memfleet.collector.sample;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hides what looks like a secret in a command line before it leaves the host: the value of an
 * option whose name says password, secret, token, key, credential or auth ({@code --password=x},
 * {@code --token x}, {@code -Dssl.keyStorePassword=x}; {@code -p x} is not guessed),
 * {@code NAME=value} environment-style arguments
 * with such names, and the password in a URL's user info ({@code scheme://user:pass@host}).
 * Pure: the same arguments give the same result.
 */
public final class CmdlineRedactor {

    public static final String MASK = "***";

    /** Names that mark a value as secret; extend with {@code cmdline.redact.names}. */
    public static final String DEFAULT_SECRET_NAMES =
            "pass|passwd|password|secret|token|apikey|api-key|api_key|key|auth|credential|credentials|private-key";

    private static final Pattern CAMEL_BOUNDARY = Pattern.compile("(?<=[a-z0-9])(?=[A-Z])");
    private static final Pattern URL_USERINFO = Pattern.compile("([a-zA-Z][a-zA-Z0-9+.-]*://[^/:@\\s]*:)([^@/\\s]+)(@)");

    private final Pattern secretName;

    /** @param secretNames a regex alternation of names, matched case-insensitively as a whole or a suffix */
    public CmdlineRedactor(String secretNames) {
        this.secretName = Pattern.compile("(?i)(?:^|[-_.])(?:" + secretNames + ")$");
    }

    public List<String> redact(List<String> args) {
        List<String> out = new ArrayList<>(args.size());
        boolean maskNext = false;
        for (String arg : args) {
            if (maskNext) {
                out.add(MASK);
                maskNext = false;
                continue;
            }
            int equals = arg.indexOf('=');
            if (equals > 0) {
                String name = stripDashes(arg.substring(0, equals));
                if (isSecretName(name)) {
                    out.add(arg.substring(0, equals + 1) + MASK);
                    continue;
                }
            } else if (arg.startsWith("--") && isSecretName(stripDashes(arg))) {
                out.add(arg);
                maskNext = true; // "--password hunter2": the value is the next argument
                continue;
            }
            out.add(maskUrlPasswords(arg));
        }
        return out;
    }

    private boolean isSecretName(String name) {
        // keyStorePassword -> key-Store-Password: a camelCase word counts as a separated suffix too.
        String separated = CAMEL_BOUNDARY.matcher(name).replaceAll("-");
        return !name.isEmpty() && secretName.matcher(separated).find();
    }

    private static String stripDashes(String name) {
        int i = 0;
        while (i < name.length() && name.charAt(i) == '-') {
            i++;
        }
        return name.substring(i);
    }

    private static String maskUrlPasswords(String arg) {
        Matcher matcher = URL_USERINFO.matcher(arg);
        return matcher.find() ? matcher.replaceAll("$1" + Matcher.quoteReplacement(MASK) + "$3") : arg;
    }
}
