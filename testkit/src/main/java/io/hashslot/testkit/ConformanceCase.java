package io.hashslot.testkit;

import io.hashslot.common.ArgSplitter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One conformance case: commands sent to real Redis and to Hashslot, replies compared byte for byte.
 *
 * <p>Case files (testkit/src/test/resources/conformance/*.txt) hold cases separated by "=== name" lines. Each
 * other line is a command in redis-cli / inline syntax (quotes and \xHH escapes work). Lines starting with '#'
 * are comments. Directives:
 * <ul>
 *   <li>{@code !resp3} - switch both connections to RESP3 (HELLO 3, reply not compared)</li>
 *   <li>{@code !nocompare CMD ...} - run the command on both, don't compare (TIME, INFO...)</li>
 *   <li>{@code !sleep MS} - wait</li>
 *   <li>{@code !raw BYTES} - send raw bytes (escapes allowed) and compare everything read until the connection
 *       has been quiet for 200 ms (protocol errors)</li>
 * </ul>
 * Every case starts on new connections after FLUSHALL on both servers.
 */
public record ConformanceCase(String file, String name, List<Step> steps) {
    /** One line of a case. */
    public record Step(int line, String text, Kind kind, List<byte[]> args, long sleepMillis) {
    }

    /** What a step does. */
    public enum Kind { COMMAND, NOCOMPARE, RESP3, SLEEP, RAW }

    public static List<ConformanceCase> load(String resource) {
        try (InputStream in = ConformanceCase.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no resource " + resource);
            }
            return parse(resource, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<ConformanceCase> parse(String file, String text) {
        List<ConformanceCase> cases = new ArrayList<>();
        String name = null;
        List<Step> steps = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("===")) {
                if (name != null) {
                    cases.add(new ConformanceCase(file, name, List.copyOf(steps)));
                }
                name = line.substring(3).strip();
                steps = new ArrayList<>();
                continue;
            }
            if (name == null) {
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": command before the first === line");
            }
            Kind kind = Kind.COMMAND;
            String body = line;
            long sleep = 0;
            if (line.startsWith("!")) {
                String word = line.split("\\s+", 2)[0];
                body = line.length() > word.length() ? line.substring(word.length()).strip() : "";
                switch (word) {
                    case "!resp3" -> kind = Kind.RESP3;
                    case "!nocompare" -> kind = Kind.NOCOMPARE;
                    case "!sleep" -> {
                        kind = Kind.SLEEP;
                        sleep = Long.parseLong(body);
                    }
                    case "!raw" -> kind = Kind.RAW;
                    default -> throw new IllegalArgumentException(file + ":" + (i + 1) + ": unknown directive " + word);
                }
            }
            List<byte[]> args = List.of();
            if (kind == Kind.COMMAND || kind == Kind.NOCOMPARE || kind == Kind.RAW) {
                args = ArgSplitter.split(body.getBytes(StandardCharsets.UTF_8));
                if (args == null) {
                    throw new IllegalArgumentException(file + ":" + (i + 1) + ": unbalanced quotes");
                }
            }
            steps.add(new Step(i + 1, line, kind, args, sleep));
        }
        if (name != null) {
            cases.add(new ConformanceCase(file, name, List.copyOf(steps)));
        }
        return cases;
    }
}
