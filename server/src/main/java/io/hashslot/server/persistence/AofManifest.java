package io.hashslot.server.persistence;

import io.hashslot.common.ArgSplitter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The multi-part AOF manifest of Redis 7.0 ({@code <appendfilename>.manifest} in {@code appenddirname}): one line
 * per file, {@code file <name> seq <n> type <b|h|i>}, base first, then history, then incr files in sequence order.
 * Parsing follows Redis's rules and error texts; writing is atomic (temp file, fsync, rename, fsync dir).
 */
final class AofManifest {
    /** One file of the AOF set. */
    record Info(String name, long seq, char type) {
        String line() {
            return "file " + (needsRepr(name) ? repr(name) : name) + " seq " + seq + " type " + type + "\n";
        }
    }

    /** A manifest Redis would refuse; the message is Redis's. */
    static final class BadManifest extends IOException {
        final int line;
        final String text;

        BadManifest(String message, int line, String text) {
            super(message);
            this.line = line;
            this.text = text;
        }
    }

    Info base;
    final List<Info> history = new ArrayList<>();
    final List<Info> incr = new ArrayList<>();
    long baseSeq;
    long incrSeq;

    boolean isEmpty() {
        return base == null && incr.isEmpty();
    }

    /** Longest manifest line Redis reads in one go (fgets with MANIFEST_MAX_LINE). */
    private static final int MAX_LINE = 1024;

    /** The manifest's lines as fgets returns them: up to and including a newline, at most {@link #MAX_LINE}. */
    private static List<String> fgetsLines(String text) {
        List<String> out = new ArrayList<>();
        int pos = 0;
        while (pos < text.length()) {
            int nl = text.indexOf('\n', pos);
            int end = Math.min(pos + MAX_LINE, nl < 0 ? text.length() : nl + 1);
            out.add(text.substring(pos, end));
            pos = end;
        }
        return out;
    }

    /** sdstrim(line, " \t\r\n"). */
    private static String trim(String s) {
        int b = 0;
        int e = s.length();
        while (b < e && " \t\r\n".indexOf(s.charAt(b)) >= 0) {
            b++;
        }
        while (e > b && " \t\r\n".indexOf(s.charAt(e - 1)) >= 0) {
            e--;
        }
        return s.substring(b, e);
    }

    static AofManifest parse(String text) throws BadManifest {
        AofManifest am = new AofManifest();
        List<String> lines = fgetsLines(text);
        if (lines.isEmpty()) {
            throw new BadManifest("Found an empty AOF manifest", 0, null);
        }
        long maxSeq = 0;
        for (int i = 0; i < lines.size(); i++) {
            String chunk = lines.get(i);
            if (chunk.startsWith("#")) {
                continue;
            }
            if (chunk.indexOf('\n') < 0) { // longer than MAX_LINE, or a last line without its newline
                throw new BadManifest("The AOF manifest file contains too long line", 0, null);
            }
            String line = trim(chunk);
            String raw = line;
            if (line.isEmpty()) {
                throw new BadManifest("Invalid AOF manifest file format", i + 1, raw);
            }
            List<byte[]> args = ArgSplitter.split(line.getBytes(StandardCharsets.ISO_8859_1));
            if (args == null || args.size() < 6 || args.size() % 2 != 0) {
                throw new BadManifest("Invalid AOF manifest file format", i + 1, raw);
            }
            String name = null;
            long seq = 0;
            char type = 0;
            for (int j = 0; j < args.size(); j += 2) {
                String k = new String(args.get(j), StandardCharsets.ISO_8859_1);
                String v = new String(args.get(j + 1), StandardCharsets.ISO_8859_1);
                if (k.equalsIgnoreCase("file")) {
                    name = v;
                    if (name.contains("/")) {
                        throw new BadManifest("File can't be a path, just a filename", i + 1, raw);
                    }
                } else if (k.equalsIgnoreCase("seq")) {
                    seq = atoll(v);
                } else if (k.equalsIgnoreCase("type")) {
                    type = v.isEmpty() ? 0 : v.charAt(0);
                }
            }
            if (name == null || seq == 0 || type == 0) {
                throw new BadManifest("Invalid AOF manifest file format", i + 1, raw);
            }
            Info info = new Info(name, seq, type);
            switch (type) {
                case 'b' -> {
                    if (am.base != null) {
                        throw new BadManifest("Found duplicate base file information", i + 1, raw);
                    }
                    am.base = info;
                    am.baseSeq = seq;
                }
                case 'h' -> am.history.add(info);
                case 'i' -> {
                    if (seq <= maxSeq) {
                        throw new BadManifest("Found a non-monotonic sequence number", i + 1, raw);
                    }
                    am.incr.add(info);
                    am.incrSeq = seq;
                    maxSeq = seq;
                }
                default -> throw new BadManifest("Unknown AOF file type", i + 1, raw);
            }
        }
        return am;
    }

    /** C atoll: optional sign and leading digits, 0 when none. */
    private static long atoll(String s) {
        int i = 0;
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        boolean neg = false;
        if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            neg = s.charAt(i) == '-';
            i++;
        }
        long v = 0;
        while (i < s.length() && Character.isDigit(s.charAt(i))) {
            v = v * 10 + (s.charAt(i) - '0');
            i++;
        }
        return neg ? -v : v;
    }

    String format() {
        StringBuilder sb = new StringBuilder();
        if (base != null) {
            sb.append(base.line());
        }
        for (Info h : history) {
            sb.append(h.line());
        }
        for (Info i : incr) {
            sb.append(i.line());
        }
        return sb.toString();
    }

    /** A copy (a rewrite edits a copy and installs it only once persisted). */
    AofManifest copy() {
        AofManifest c = new AofManifest();
        c.base = base;
        c.history.addAll(history);
        c.incr.addAll(incr);
        c.baseSeq = baseSeq;
        c.incrSeq = incrSeq;
        return c;
    }

    /** getNewBaseFileNameAndMarkPreAsHistory. */
    String newBase(String prefix, boolean rdb) {
        if (base != null) {
            history.add(new Info(base.name(), base.seq(), 'h'));
        }
        baseSeq++;
        String name = prefix + "." + baseSeq + ".base" + (rdb ? ".rdb" : ".aof");
        base = new Info(name, baseSeq, 'b');
        return name;
    }

    /** getNewIncrAofName: adds the next incr file. */
    String newIncr(String prefix) {
        incrSeq++;
        String name = prefix + "." + incrSeq + ".incr.aof";
        incr.add(new Info(name, incrSeq, 'i'));
        return name;
    }

    /**
     * markRewrittenIncrAofAsHistory: the incr files the new base covers become history (placed before older
     * history entries); the last one stays when it is the file being written ({@code keepLast}, AOF on).
     */
    void markRewrittenIncrAsHistory(boolean keepLast) {
        int keep = keepLast && !incr.isEmpty() ? 1 : 0;
        List<Info> moved = new ArrayList<>();
        while (incr.size() > keep) {
            Info i = incr.remove(0);
            moved.add(new Info(i.name(), i.seq(), 'h'));
        }
        history.addAll(0, moved);
    }

    void persist(Path dir, String manifestName) throws IOException {
        Path temp = dir.resolve("temp-" + manifestName);
        Files.writeString(temp, format(), StandardCharsets.ISO_8859_1);
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(temp,
            java.nio.file.StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        Files.move(temp, dir.resolve(manifestName), java.nio.file.StandardCopyOption.ATOMIC_MOVE,
            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        RdbFiles.fsyncDir(dir);
    }

    private static boolean needsRepr(String s) {
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == '\\' || ch == '"' || ch == '\n' || ch == '\r' || ch == '\t' || ch == 7 || ch == '\b'
                || ch < 32 || ch > 126 || ch == ' ') {
                return true;
            }
        }
        return false;
    }

    private static String repr(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '\\', '"' -> sb.append('\\').append(ch);
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case 7 -> sb.append("\\a");
                case '\b' -> sb.append("\\b");
                default -> {
                    if (ch < 32 || ch > 126) {
                        sb.append(String.format("\\x%02x", (int) ch));
                    } else {
                        sb.append(ch);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
