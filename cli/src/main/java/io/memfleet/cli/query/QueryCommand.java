package io.memfleet.cli.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.memfleet.common.Durations;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.net.ssl.SSLContext;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.Charset;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.apache.kafka.common.config.ConfigException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code memfleet query}: a command-line client of the aggregator's HTTP API. Each subcommand GETs
 * one path and prints a table, or with {@code --json} the server's JSON exactly as it came.
 *
 * <p>Errors are handled here rather than by {@link io.memfleet.common.Cli}'s handler (which names
 * the leaf subcommand and maps only Kafka's {@code ConfigException} to exit 2): every failure is a
 * {@link QueryException}, printed as one line {@code memfleet query: ...} on stderr, exit 2 for a
 * bad argument or option value, 1 for an unreachable server or an error answer. Numbers and times
 * are therefore taken as text and checked here; only unknown options and missing parameters are
 * picocli's (its message and the usage, exit 2).
 */
@Command(name = "query", mixinStandardHelpOptions = true,
        description = {"Ask the aggregator's HTTP API about hosts, processes, memory history, mappings and "
                + "anomalies. Prints tables; --json prints the API's JSON as is, for scripts."},
        subcommands = {HostsCommand.class, HostCommand.class, ProcessesCommand.class, HistoryCommand.class,
                MappingsCommand.class, ChangesCommand.class, AnomaliesCommand.class},
        footer = {"", "The options above work before or after the subcommand's name.",
                "Times: ISO-8601 with a zone (2026-11-30T10:00:00Z), relative to now",
                "(-30m, -1h, -2d, -1w), or now.",
                "Exit status: 0 answered; 1 the server is unreachable or answered with an",
                "error; 2 a bad argument."})
public final class QueryCommand implements Runnable {

    static final String DEFAULT_URL = "http://127.0.0.1:8080";
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    /** Reads decimals exactly, so --pretty prints 1.50 as 1.50. */
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    @Option(names = "--url", scope = ScopeType.INHERIT, paramLabel = "URL",
            description = "The aggregator's HTTP API. Default: $MEMFLEET_URL, else " + DEFAULT_URL + ".")
    String url;

    @Option(names = "--json", scope = ScopeType.INHERIT,
            description = "Print the API's JSON answer as is instead of a table.")
    boolean json;

    @Option(names = "--pretty", scope = ScopeType.INHERIT,
            description = "Print the JSON answer indented (implies --json).")
    boolean pretty;

    @Option(names = "--timeout", scope = ScopeType.INHERIT, paramLabel = "DURATION",
            description = "Give up connecting, and waiting for the answer, after this long: 500ms, 10s, 1m. Default 10s.")
    String timeout;

    @Option(names = "--token", scope = ScopeType.INHERIT, paramLabel = "TOKEN",
            description = "Sent as 'Authorization: Bearer TOKEN' (others can see it in the process list: "
                    + "prefer --token-file or $MEMFLEET_TOKEN). Default: $MEMFLEET_TOKEN, else none.")
    String token;

    @Option(names = "--token-file", scope = ScopeType.INHERIT, paramLabel = "FILE",
            description = "Read the token from FILE (the aggregator's http.auth.token.file, say).")
    Path tokenFile;

    @Option(names = "--cacert", scope = ScopeType.INHERIT, paramLabel = "FILE",
            description = "Trust the aggregator's HTTPS certificate when these PEM CA certificates signed it "
                    + "(or it is one of them). Default: $MEMFLEET_CACERT, else the JVM's trusted CAs.")
    Path cacert;

    @Spec
    CommandSpec spec;

    private final Clock clock;
    private final Function<String, String> environment;
    private final boolean unicode;

    public QueryCommand() {
        this(Clock.systemUTC(), System::getenv, stdoutIsUnicode());
    }

    /** For tests: a fixed clock, a fake environment, block characters or not. */
    QueryCommand(Clock clock, Function<String, String> environment, boolean unicode) {
        this.clock = clock;
        this.environment = environment;
        this.unicode = unicode;
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(),
                "name a query: hosts, host, processes, history, mappings, changes or anomalies");
    }

    /** What a subcommand prints for the server's answer, given the time now. */
    interface Renderer {
        String render(JsonNode answer, Instant now);
    }

    Times times() {
        return new Times(clock);
    }

    boolean unicode() {
        return unicode;
    }

    /**
     * Runs one subcommand: checks the options, builds its path, GETs it, prints the answer.
     *
     * @return the exit code
     */
    int run(CommandSpec subcommand, Supplier<ApiPath> request, Renderer renderer) {
        return run(subcommand, request, renderer, null);
    }

    /**
     * As {@link #run(CommandSpec, Supplier, Renderer)}, but the answer passes through jsonFilter
     * (when not null) before --json prints it: for a filter the server cannot apply itself. The
     * JSON printed is then the filtered answer, re-serialized, not the server's bytes.
     */
    int run(CommandSpec subcommand, Supplier<ApiPath> request, Renderer renderer, UnaryOperator<JsonNode> jsonFilter) {
        PrintWriter out = subcommand.commandLine().getOut();
        try {
            ApiClient client = new ApiClient(baseUrl(), timeout(), token(), tls());
            String body = client.get(request.get());
            if ((json || pretty) && jsonFilter != null) {
                body = serialize(jsonFilter.apply(parse(body)));
            }
            if (json || pretty) {
                String text = pretty ? pretty(body) : body;
                out.print(text.endsWith("\n") ? text : text + "\n");
            } else {
                out.print(renderer.render(parse(body), clock.instant()));
            }
            out.flush();
            return 0;
        } catch (QueryException e) {
            out.flush();
            return fail(subcommand, e);
        }
    }

    /** Prints {@code memfleet query: message} on stderr; returns the exit code. */
    int fail(CommandSpec subcommand, QueryException e) {
        PrintWriter err = subcommand.commandLine().getErr();
        err.println("memfleet query: " + e.getMessage());
        err.flush();
        return e.exitCode();
    }

    URI baseUrl() {
        String source = "--url";
        String text = url;
        if (text == null) {
            text = nonBlank(environment.apply("MEMFLEET_URL"));
            source = "MEMFLEET_URL";
        }
        if (text == null) {
            text = DEFAULT_URL;
        }
        String trimmed = text.trim().replaceAll("/+$", "");
        URI uri;
        try {
            uri = new URI(trimmed);
        } catch (URISyntaxException e) {
            throw QueryException.usage(source + " " + text + ": not a URL (" + e.getReason() + "); expected http://HOST:PORT");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null
                || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw QueryException.usage(source + " " + text + ": expected http://HOST:PORT or https://HOST:PORT");
        }
        return uri;
    }

    Duration timeout() {
        if (timeout == null) {
            return DEFAULT_TIMEOUT;
        }
        try {
            return Duration.ofMillis(Durations.parseMillis("--timeout", timeout));
        } catch (ConfigException e) {
            throw QueryException.usage("--timeout " + timeout + ": expected a positive duration such as 500ms, 10s or 1m");
        }
    }

    String token() {
        String source = "--token";
        String value = token;
        if (token != null && tokenFile != null) {
            throw QueryException.usage("--token and --token-file: give one of them");
        }
        if (tokenFile != null) {
            source = "--token-file " + tokenFile;
            try {
                value = Files.readString(tokenFile).strip();
            } catch (IOException | UncheckedIOException e) {
                throw QueryException.usage(source + ": cannot read it (" + e.getMessage() + ")");
            }
        }
        if (value == null) {
            value = nonBlank(environment.apply("MEMFLEET_TOKEN"));
            source = "MEMFLEET_TOKEN";
        }
        if (value == null) {
            return null;
        }
        // Never echo the token itself.
        if (value.isBlank() || value.chars().anyMatch(c -> c < 0x21 || c == 0x7f)) {
            throw QueryException.usage(source + ": a token must be non-empty, without spaces or control characters");
        }
        return value;
    }

    /** The TLS context that trusts --cacert (or $MEMFLEET_CACERT); null for the JVM's default trust. */
    SSLContext tls() {
        Path file = cacert;
        String source = "--cacert";
        if (file == null && nonBlank(environment.apply("MEMFLEET_CACERT")) != null) {
            file = Path.of(environment.apply("MEMFLEET_CACERT").strip());
            source = "MEMFLEET_CACERT";
        }
        return file == null ? null : CaCertificates.trusting(file, source);
    }

    private static String nonBlank(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    static JsonNode parse(String body) {
        try {
            return MAPPER.readTree(body);
        } catch (IOException e) {
            String message = e instanceof JsonProcessingException json ? json.getOriginalMessage() : e.getMessage();
            throw QueryException.failure("the server's answer is not JSON: "
                    + Table.printable(String.valueOf(message).lines().findFirst().orElse("")));
        }
    }

    static String serialize(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (IOException e) {
            throw QueryException.failure("cannot print the server's answer: " + e.getMessage());
        }
    }

    static String pretty(String body) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(parse(body));
        } catch (IOException e) {
            throw QueryException.failure("cannot print the server's answer: " + e.getMessage());
        }
    }

    /** Whether stdout (as picocli writes it) can show the sparkline's block characters. */
    private static boolean stdoutIsUnicode() {
        Charset charset = Charset.defaultCharset();
        String name = System.getProperty("sun.stdout.encoding");
        if (name != null) {
            try {
                charset = Charset.forName(name);
            } catch (RuntimeException e) {
                // Unknown name: keep the default.
            }
        }
        return charset.newEncoder().canEncode("▁█–");
    }
}
