package io.hashslot.common.config;

import io.hashslot.common.ArgSplitter;
import io.hashslot.common.NodeLog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads redis.conf-style text into a {@link ConfigStore}, as redis-server does at startup: one directive per line,
 * '#' comments, quoted arguments, {@code include} files, and command-line options appended after the file. The
 * first bad line stops everything with Redis's FATAL message.
 */
public final class ConfigLoader {
    /** The version string Redis prints in the FATAL banner. */
    public static final String REDIS_VERSION = "7.0.15";

    private final ConfigStore store;
    private final NodeLog log;
    private final Path baseDir;
    private final List<String> noEffect = new ArrayList<>();

    public ConfigLoader(ConfigStore store, NodeLog log, Path baseDir) {
        this.store = store;
        this.log = log;
        this.baseDir = baseDir;
    }

    /** Directives that were set but that Hashslot does not act on (to be logged once the log exists). */
    public List<String> noEffect() {
        return noEffect;
    }

    /** Loads {@code file} (may be null) followed by the command-line options text. */
    public void load(Path file, String options) throws ConfigFileException {
        load(file, null, options);
    }

    /**
     * Loads the file, then text read from standard input (redis-server's "-"), then the options, as one text: the
     * line numbers of errors count across all three, as Redis's do.
     */
    public void load(Path file, String stdin, String options) throws ConfigFileException {
        StringBuilder text = new StringBuilder();
        if (file != null) {
            text.append(readFile(file));
        }
        if (stdin != null) {
            text.append(stdin);
        }
        if (options != null && !options.isEmpty()) {
            text.append('\n').append(options);
        }
        loadString(text.toString());
    }

    /** Whether a save line was already read in this load: later ones add points instead of replacing them. */
    private boolean saveSeen;

    private String readFile(Path file) throws ConfigFileException {
        Path p = file.isAbsolute() ? file : baseDir.resolve(file);
        try {
            return Files.readString(p, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new ConfigFileException("Fatal error, can't open config file '" + file + "': "
                + describe(e));
        }
    }

    private static String describe(IOException e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "No such file or directory";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "Permission denied";
        }
        return e.getMessage();
    }

    /** Processes config text: the same rules as loadServerConfigFromString. */
    public void loadString(String config) throws ConfigFileException {
        String[] lines = config.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = trim(lines[i]);
            if (line.isEmpty() || line.charAt(0) == '#') {
                continue;
            }
            List<byte[]> split = ArgSplitter.split(line.getBytes(StandardCharsets.ISO_8859_1));
            if (split == null) {
                throw fatal(i + 1, line, "Unbalanced quotes in configuration line");
            }
            if (split.isEmpty()) {
                continue;
            }
            List<String> argv = new ArrayList<>();
            for (byte[] b : split) {
                argv.add(new String(b, StandardCharsets.ISO_8859_1));
            }
            String name = argv.get(0).toLowerCase(Locale.ROOT);
            Directive d = store.directive(name);
            if (d != null) {
                if (!d.has(ConfigFlag.MULTI_ARG) && argv.size() != 2) {
                    throw fatal(i + 1, line, "wrong number of arguments");
                }
                List<String> args = argv.subList(1, argv.size());
                try {
                    Object value = store.parse(d, args);
                    if (d.name().equals("save")) {
                        value = accumulateSave(store.value(d), value);
                    }
                    store.setQuietly(d, value);
                } catch (ConfigException e) {
                    throw fatal(i + 1, line, e.getMessage());
                }
                if (!d.effective() && !noEffect.contains(d.name())) {
                    noEffect.add(d.name());
                }
                continue;
            }
            if (Directives.IGNORED.contains(name) && argv.size() == 2) {
                noEffect.add(name);
                continue;
            }
            if (name.equals("include") && argv.size() == 2) {
                loadString(readFile(Path.of(argv.get(1))));
                continue;
            }
            if (name.equals("rename-command") && argv.size() == 3) {
                renames.add(new String[] {argv.get(1), argv.get(2)});
                continue;
            }
            throw fatal(i + 1, line, "Bad directive or wrong number of arguments");
        }
        // like Redis, an out of range hz in a config file is brought back to 1..500
        Directive hz = store.directive("hz");
        long v = (Long) store.value(hz);
        if (v < 1 || v > 500) {
            store.setQuietly(hz, Math.max(1L, Math.min(500L, v)));
        }
    }

    private final List<String[]> renames = new ArrayList<>();

    /**
     * Save points from config text: the first "save" line replaces the built-in defaults and later lines add to
     * it (options given after the file count as later lines); an empty "save" clears what came before.
     */
    @SuppressWarnings("unchecked")
    private Object accumulateSave(Object current, Object parsed) {
        if (!saveSeen) {
            saveSeen = true;
            return parsed;
        }
        List<SpecialTypes.SavePoint> all = new ArrayList<>((List<SpecialTypes.SavePoint>) current);
        List<SpecialTypes.SavePoint> more = (List<SpecialTypes.SavePoint>) parsed;
        if (more.isEmpty()) {
            return List.of();
        }
        all.addAll(more);
        return List.copyOf(all);
    }

    /** rename-command pairs in file order; applied by the command layer. */
    public List<String[]> renames() {
        return renames;
    }

    private static String trim(String s) {
        int a = 0;
        int b = s.length();
        while (a < b && " \t\r\n".indexOf(s.charAt(a)) >= 0) {
            a++;
        }
        while (b > a && " \t\r\n".indexOf(s.charAt(b - 1)) >= 0) {
            b--;
        }
        return s.substring(a, b);
    }

    private static ConfigFileException fatal(int lineNo, String line, String reason) {
        return new ConfigFileException("\n*** FATAL CONFIG FILE ERROR (Redis " + REDIS_VERSION + ") ***\n"
            + "Reading the configuration file, at line " + lineNo + "\n"
            + ">>> '" + line + "'\n"
            + reason);
    }

    /**
     * Turns redis-server style arguments after the config file ({@code --port 7000 --save ""}) into config text,
     * one directive per line, as redis-server's main does.
     */
    public static String optionsFromArgs(List<String> args) {
        StringBuilder options = new StringBuilder();
        boolean handledLast = true;
        for (int j = 0; j < args.size(); j++) {
            String a = args.get(j);
            if (handledLast && a.startsWith("--")) {
                if (options.length() > 0) {
                    options.append('\n');
                }
                options.append(a.substring(2)).append(' ');
                List<byte[]> parts = ArgSplitter.split(a.getBytes(StandardCharsets.ISO_8859_1));
                if (parts != null && parts.size() == 1) {
                    handledLast = false;
                    boolean nextIsOption = j != args.size() - 1 && args.get(j + 1).startsWith("--");
                    if (a.equalsIgnoreCase("--save") && (nextIsOption || j == args.size() - 1)) {
                        options.append("\"\"");
                        handledLast = true;
                    }
                } else {
                    handledLast = true;
                }
            } else {
                options.append(ConfigText.repr(a)).append(' ');
                handledLast = true;
            }
        }
        return options.toString();
    }
}
