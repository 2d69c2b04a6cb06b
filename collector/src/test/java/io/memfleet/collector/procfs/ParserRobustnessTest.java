package io.memfleet.collector.procfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Property: whatever bytes a parser is given, it returns a value or throws ProcfsParseException,
 * never anything else. Inputs are random bytes, random text from procfs's own alphabet, and real
 * captures with a few random edits (the shape a torn or garbled read would have).
 */
class ParserRobustnessTest {

    private static final long SEED = 0x6d656d666c656574L; // "memfleet"
    private static final int CASES_PER_PARSER = 4000;
    /** Characters that steer parsers deep into their grammar rather than failing at column 1. */
    private static final String ALPHABET = "0123456789abcdefABCDEF-: \t\n()[]/rwxps-kBVmRSNamePidUThreadstul\\";

    @FunctionalInterface
    private interface Parser {
        Object parse(String content) throws ProcfsParseException;
    }

    @Test
    void shouldOnlyEverThrowParseExceptionFromStatParser() {
        assertOnlyParseExceptions("stat", s -> ProcStatParser.parse("stat", s));
    }

    @Test
    void shouldOnlyEverThrowParseExceptionFromStatusParser() {
        assertOnlyParseExceptions("status", s -> ProcStatusParser.parse("status", s));
    }

    @Test
    void shouldOnlyEverThrowParseExceptionFromMapsParser() {
        assertOnlyParseExceptions("maps", s -> MapsParser.parse("maps", s));
    }

    private static void assertOnlyParseExceptions(String file, Parser parser) {
        Random random = new Random(SEED ^ file.hashCode());
        List<String> seeds = Fixtures.CAPTURED.stream().map(c -> Fixtures.text(c, file)).toList();
        int parsed = 0;
        int rejected = 0;
        for (int i = 0; i < CASES_PER_PARSER; i++) {
            String input = switch (i % 3) {
                case 0 -> randomBytes(random);
                case 1 -> randomAlphabet(random);
                default -> mutate(random, seeds.get(random.nextInt(seeds.size())));
            };
            try {
                parser.parse(input);
                parsed++;
            } catch (ProcfsParseException e) {
                assertThat(e.getMessage()).isNotBlank();
                rejected++;
            } catch (RuntimeException | Error e) {
                fail("case %d of %s threw %s for input %s", i, file, e, ProcfsParseException.quote(input), e);
            }
        }
        // Both outcomes must occur, or the generator is not exploring the parser.
        assertThat(parsed).as("inputs that parsed").isPositive();
        assertThat(rejected).as("inputs that were rejected").isPositive();
    }

    private static String randomBytes(Random random) {
        byte[] bytes = new byte[random.nextInt(200)];
        random.nextBytes(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static String randomAlphabet(Random random) {
        int length = random.nextInt(300);
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return out.toString();
    }

    /** One to five edits: delete, insert, replace, truncate, duplicate a span, or widen a number. */
    private static String mutate(Random random, String seed) {
        StringBuilder s = new StringBuilder(seed);
        int edits = 1 + random.nextInt(5);
        for (int e = 0; e < edits && s.length() > 0; e++) {
            int at = random.nextInt(s.length());
            switch (random.nextInt(6)) {
                case 0 -> s.delete(at, Math.min(s.length(), at + 1 + random.nextInt(8)));
                case 1 -> s.insert(at, ALPHABET.charAt(random.nextInt(ALPHABET.length())));
                case 2 -> s.setCharAt(at, (char) random.nextInt(0x250));
                case 3 -> s.setLength(at);
                case 4 -> s.insert(at, s.substring(at, Math.min(s.length(), at + random.nextInt(40))));
                default -> s.insert(at, "9".repeat(1 + random.nextInt(25)));
            }
        }
        return s.toString();
    }
}
