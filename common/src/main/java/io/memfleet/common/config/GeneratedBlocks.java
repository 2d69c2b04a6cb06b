package io.memfleet.common.config;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The generated parts of a hand-written document: the text between
 * {@code <!-- BEGIN GENERATED: NAME -->} and {@code <!-- END GENERATED: NAME -->} lines belongs to
 * a generator, everything else to people.
 */
public final class GeneratedBlocks {

    private GeneratedBlocks() {
    }

    public static String begin(String name) {
        return "<!-- BEGIN GENERATED: " + name + " -->";
    }

    public static String end(String name) {
        return "<!-- END GENERATED: " + name + " -->";
    }

    /** The text between the markers of {@code name}, without the marker lines. */
    public static String read(String document, String name) {
        Matcher block = block(name).matcher(document);
        if (!block.find()) {
            throw new IllegalArgumentException("no lines " + begin(name) + " … " + end(name));
        }
        return block.group(2);
    }

    /** {@code document} with the text between the markers of {@code name} replaced by {@code content}. */
    public static String replace(String document, String name, String content) {
        Matcher block = block(name).matcher(document);
        if (!block.find()) {
            throw new IllegalArgumentException("no lines " + begin(name) + " … " + end(name));
        }
        String body = content.endsWith("\n") ? content : content + "\n";
        return document.substring(0, block.start()) + block.group(1) + body + block.group(3)
                + document.substring(block.end());
    }

    private static Pattern block(String name) {
        return Pattern.compile("(" + Pattern.quote(begin(name)) + "\\R)(.*?)(^" + Pattern.quote(end(name)) + ")",
                Pattern.DOTALL | Pattern.MULTILINE);
    }
}
