package io.memfleet.dist;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The instructions of a Dockerfile that say what an image runs and what it holds. */
record Dockerfile(Path file, List<String> entrypoint, Map<String, String> copies) {

    /** Reads FILE: ENTRYPOINT in exec (JSON) form, and each COPY SRC DEST by DEST. */
    static Dockerfile read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> entrypoint = null;
        Map<String, String> copies = new LinkedHashMap<>();
        for (String instruction : text.replaceAll("\\\\\n", " ").split("\n")) {
            String line = instruction.strip();
            if (line.startsWith("ENTRYPOINT ")) {
                try {
                    entrypoint = new ObjectMapper().readValue(line.substring("ENTRYPOINT ".length()),
                            new TypeReference<List<String>>() { });
                } catch (IOException e) {
                    throw new AssertionError(file + ": ENTRYPOINT is not in exec form: " + line, e);
                }
            } else if (line.startsWith("COPY ")) {
                String[] words = line.substring("COPY ".length()).strip().split("\\s+");
                if (words.length != 2 || words[0].startsWith("--")) {
                    throw new AssertionError(file + ": expected COPY SRC DEST: " + line);
                }
                copies.put(words[1], words[0]);
            }
        }
        if (entrypoint == null) {
            throw new AssertionError(file + " has no ENTRYPOINT");
        }
        return new Dockerfile(file, List.copyOf(entrypoint), copies);
    }

    /** The source, in the build context, of the file the image holds at PATH (copied alone or in a directory). */
    String sourceOf(String path) {
        for (Map.Entry<String, String> copy : copies.entrySet()) {
            String dest = copy.getKey();
            if (dest.equals(path)) {
                return copy.getValue();
            }
            if (dest.endsWith("/") && path.startsWith(dest)) {
                String rest = path.substring(dest.length());
                return copy.getValue().endsWith("/") ? copy.getValue() + rest : copy.getValue() + "/" + rest;
            }
        }
        throw new AssertionError(file + " copies nothing to " + path);
    }

    /** The words a launcher script's exec line runs, with the shell's quotes taken off. */
    static List<String> execLine(Path script) throws IOException {
        List<String> words = new ArrayList<>();
        String exec = Files.readAllLines(script).stream().filter(line -> line.startsWith("exec "))
                .reduce((first, second) -> {
                    throw new AssertionError(script + " has more than one exec line");
                })
                .orElseThrow(() -> new AssertionError(script + " has no exec line"));
        for (String word : exec.substring("exec ".length()).split("\\s+")) {
            words.add(word.replace("\"", ""));
        }
        return words;
    }
}
