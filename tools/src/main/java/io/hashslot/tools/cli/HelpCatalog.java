package io.hashslot.tools.cli;

import io.hashslot.common.ArgSplitter;
import io.hashslot.protocol.RespValue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * Command help built from the server's COMMAND DOCS (falling back to plain COMMAND when DOCS is not supported):
 * "help &lt;command&gt;", "help @group", the REPL's tab completion candidates and argument hints.
 */
final class HelpCatalog {
    /** One help topic: a command (or "COMMAND SUBCOMMAND") or an @group. */
    record Entry(boolean group, List<String> words, String full, String params, String summary, String since,
                 String groupName) {
    }

    private final Session session;
    private final CliIo io;
    private List<Entry> entries;

    HelpCatalog(Session session, CliIo io) {
        this.session = session;
        this.io = io;
    }

    /** The topics, loading them from the server the first time (none when it cannot be reached). */
    List<Entry> entries() {
        if (entries == null) {
            entries = load();
        }
        return entries;
    }

    private List<Entry> load() {
        if (!session.connect(false, true)) {
            return List.of();
        }
        try {
            RespValue docs = session.connection().call("COMMAND", "DOCS");
            if (docs instanceof RespValue.Error) {
                return fromCommand(session.connection().call("COMMAND"));
            }
            List<Entry> out = new ArrayList<>();
            TreeSet<String> groups = new TreeSet<>();
            List<RespValue> table = pairs(docs);
            for (int i = 0; i + 1 < table.size(); i += 2) {
                addCommand(out, groups, text(table.get(i)), null, table.get(i + 1));
            }
            for (String g : groups) {
                out.add(new Entry(true, List.of("@" + g), "@" + g, null, null, null, null));
            }
            out.sort((a, b) -> Arrays.compare(a.full().getBytes(StandardCharsets.ISO_8859_1),
                b.full().getBytes(StandardCharsets.ISO_8859_1)));
            return out;
        } catch (IOException e) {
            session.disconnect();
            return List.of();
        }
    }

    private void addCommand(List<Entry> out, TreeSet<String> groups, String name, String sub, RespValue specs) {
        List<String> words = new ArrayList<>();
        words.add(name.toUpperCase(Locale.ROOT));
        if (sub != null) {
            words.add(sub.substring(sub.indexOf('|') + 1).toUpperCase(Locale.ROOT));
        }
        String full = String.join(" ", words);
        String summary = null;
        String since = null;
        String group = null;
        StringBuilder params = new StringBuilder();
        List<RespValue> kv = pairs(specs);
        for (int j = 0; j + 1 < kv.size(); j += 2) {
            String key = text(kv.get(j));
            RespValue v = kv.get(j + 1);
            switch (key) {
                case "summary" -> summary = text(v);
                case "since" -> since = text(v);
                case "group" -> {
                    group = text(v);
                    groups.add(group);
                }
                case "arguments" -> concatArguments(params, items(v), " ");
                case "subcommands" -> {
                    List<RespValue> subs = pairs(v);
                    for (int i = 0; i + 1 < subs.size(); i += 2) {
                        addCommand(out, groups, name, text(subs.get(i)), subs.get(i + 1));
                    }
                }
                default -> {
                }
            }
        }
        out.add(new Entry(false, words, full, params.toString(), summary, since, group));
    }

    private static void concatArguments(StringBuilder params, List<RespValue> args, String separator) {
        for (int j = 0; j < args.size(); j++) {
            addArgument(params, args.get(j));
            if (j != args.size() - 1) {
                params.append(separator);
            }
        }
    }

    /** One argument of a COMMAND DOCS "arguments" list, rendered like "[EX seconds|PX milliseconds]". */
    private static void addArgument(StringBuilder params, RespValue argMap) {
        String name = "";
        String type = "";
        String token = null;
        boolean optional = false;
        boolean multiple = false;
        boolean multipleToken = false;
        List<RespValue> nested = List.of();
        List<RespValue> kv = pairs(argMap);
        for (int i = 0; i + 1 < kv.size(); i += 2) {
            String key = text(kv.get(i));
            RespValue v = kv.get(i + 1);
            switch (key) {
                case "name" -> name = text(v);
                case "token" -> token = orEmpty(text(v));
                case "type" -> type = text(v);
                case "arguments" -> nested = items(v);
                case "flags" -> {
                    for (RespValue f : items(v)) {
                        switch (text(f)) {
                            case "optional" -> optional = true;
                            case "multiple" -> multiple = true;
                            case "multiple_token" -> multipleToken = true;
                            default -> {
                            }
                        }
                    }
                }
                default -> {
                }
            }
        }
        StringBuilder repeat = new StringBuilder();
        switch (type) {
            case "key", "string", "integer", "double", "pattern", "unix-time", "token" -> repeat.append(orEmpty(name));
            case "oneof" -> concatArguments(repeat, nested, "|");
            case "block" -> concatArguments(repeat, nested, " ");
            default -> {
            }
        }
        String tokenPart = token == null ? "" : token;
        if (!tokenPart.isEmpty() && !type.equals("pure-token")) {
            tokenPart += " ";
        }
        if (optional) {
            params.append('[');
        }
        params.append(tokenPart).append(repeat);
        if (multiple) {
            params.append(" [");
            if (multipleToken) {
                params.append(tokenPart);
            }
            params.append(repeat).append(" ...]");
        }
        if (optional) {
            params.append(']');
        }
    }

    private static String orEmpty(String s) {
        return s.isEmpty() ? "\"\"" : s;
    }

    /** Fallback for servers without COMMAND DOCS: names and arities from COMMAND. */
    private static List<Entry> fromCommand(RespValue reply) {
        List<Entry> out = new ArrayList<>();
        for (RespValue e : items(reply)) {
            List<RespValue> f = items(e);
            if (f.size() < 4 || !(f.get(1) instanceof RespValue.Int arity)
                || !(f.get(3) instanceof RespValue.Int firstKey)) {
                continue;
            }
            String name = text(f.get(0)).toUpperCase(Locale.ROOT);
            StringBuilder params = new StringBuilder();
            long args = Math.abs(arity.value()) - 1;
            if (firstKey.value() == 1) {
                params.append("key ");
                args--;
            }
            while (args-- > 0) {
                params.append("arg ");
            }
            if (arity.value() < 0) {
                params.append("...options...");
            }
            out.add(new Entry(false, List.of(name), name, params.toString(), "Help not available", "Not known",
                "generic"));
        }
        out.sort((a, b) -> a.full().compareTo(b.full()));
        return out;
    }

    /** "help", "help &lt;command&gt;" or "help @group" output. */
    void output(List<byte[]> args) {
        if (args.isEmpty()) {
            io.print(Usage.versionLine() + "\n"
                + "Type \"help @<group>\" to list the commands of a group,\n"
                + "     \"help <command>\" for help on a command,\n"
                + "     \"help <tab>\" to see the possible help topics,\n"
                + "     \"quit\" to leave.\n"
                + "\n"
                + "Preferences:\n"
                + "     \":set hints\" shows argument hints while typing,\n"
                + "     \":set nohints\" hides them.\n"
                + "Put them in ~/" + Repl.RC_FILE + " to keep them.\n");
            io.flush();
            return;
        }
        String first = Session.word(args.get(0));
        String group = first.startsWith("@") ? first.substring(1) : null;
        for (Entry e : entries()) {
            if (e.group()) {
                continue;
            }
            if (group == null) {
                if (args.size() <= e.words().size()) {
                    int j = 0;
                    while (j < args.size() && Session.word(args.get(j)).equalsIgnoreCase(e.words().get(j))) {
                        j++;
                    }
                    if (j == args.size()) {
                        printCommand(e, true);
                    }
                }
            } else if (group.equalsIgnoreCase(e.groupName() == null ? "" : e.groupName())) {
                printCommand(e, false);
            }
        }
        io.print("\r\n");
        io.flush();
    }

    private void printCommand(Entry e, boolean withGroup) {
        StringBuilder sb = new StringBuilder();
        sb.append("\r\n  \u001b[1m").append(e.full()).append("\u001b[0m \u001b[90m").append(e.params())
            .append("\u001b[0m\r\n");
        sb.append("  \u001b[33msummary:\u001b[0m ").append(e.summary()).append("\r\n");
        if (e.since() != null) {
            sb.append("  \u001b[33msince:\u001b[0m ").append(e.since()).append("\r\n");
        }
        if (withGroup) {
            sb.append("  \u001b[33mgroup:\u001b[0m ").append(e.groupName()).append("\r\n");
        }
        io.print(sb.toString());
    }

    /** Tab completion: whole-line candidates for what was typed (commands; after "help ", groups too). */
    List<String> completions(String buf) {
        int start = 0;
        boolean groupsToo = false;
        if (buf.regionMatches(true, 0, "help ", 0, 5)) {
            start = 5;
            while (start < buf.length() && Character.isWhitespace(buf.charAt(start))) {
                start++;
            }
            groupsToo = true;
        }
        String typed = buf.substring(start);
        List<String> out = new ArrayList<>();
        for (Entry e : entries()) {
            if (e.group() && !groupsToo) {
                continue;
            }
            if (e.full().regionMatches(true, 0, typed, 0, typed.length()) && e.full().length() >= typed.length()) {
                out.add(buf.substring(0, start) + e.full());
            }
        }
        return out;
    }

    /** The argument hint shown after what was typed, or null (redis-cli's hints callback). */
    String hint(String buf) {
        List<byte[]> argv = ArgSplitter.split(buf.getBytes(StandardCharsets.UTF_8));
        if (argv == null || argv.isEmpty()) {
            return null;
        }
        boolean endSpace = !buf.isEmpty() && Character.isWhitespace(buf.charAt(buf.length() - 1));
        Entry best = null;
        int matchLen = 0;
        for (Entry e : entries()) {
            if (e.group()) {
                continue;
            }
            int n = e.words().size();
            if (n <= argv.size() && n > matchLen) {
                int j = 0;
                while (j < n && e.words().get(j).equalsIgnoreCase(Session.word(argv.get(j)))) {
                    j++;
                }
                if (j == n) {
                    matchLen = n;
                    best = e;
                }
            }
        }
        if (best == null) {
            return null;
        }
        String hint = best.params();
        int toRemove = argv.size() - matchLen;
        int p = 0;
        while (toRemove > 0 && p < hint.length()) {
            if (hint.charAt(p) == '[') {
                break;
            }
            if (hint.charAt(p) == ' ') {
                toRemove--;
            }
            p++;
        }
        hint = hint.substring(p);
        return endSpace ? hint : " " + hint;
    }

    private static List<RespValue> pairs(RespValue v) {
        if (v instanceof RespValue.MapValue m) {
            return m.items();
        }
        return items(v);
    }

    private static List<RespValue> items(RespValue v) {
        if (v instanceof RespValue.Array a) {
            return a.items();
        }
        if (v instanceof RespValue.MapValue m) {
            return m.items();
        }
        return List.of();
    }

    private static String text(RespValue v) {
        if (v instanceof RespValue.Bulk b) {
            return new String(b.bytes(), StandardCharsets.ISO_8859_1);
        }
        if (v instanceof RespValue.Simple s) {
            return s.text();
        }
        return "";
    }
}
