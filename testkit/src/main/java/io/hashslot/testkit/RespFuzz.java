package io.hashslot.testkit;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Deterministic (seeded) generator of malformed and adversarial client input: truncated frames, wrong and huge
 * and negative and non-numeric lengths, binary garbage, unbalanced inline quotes, 100 KB lines, NUL bytes and
 * random mutations of valid requests. The same seed always gives the same corpus.
 *
 * <p>Entries only use commands that touch no shared state (PING, ECHO, GET/EXISTS of keys nobody sets, unknown
 * names); entries whose bytes mention a state-changing or blocking command are regenerated, so entries can run
 * concurrently and their replies depend on nothing but their own bytes.
 */
public final class RespFuzz {
    /** Kinds of entries, in the order {@link #entry(Kind)} knows them. */
    public enum Kind {
        VALID, TRUNCATED, WRONG_LENGTH, HUGE_LENGTH, NEGATIVE_LENGTH, NON_NUMERIC_LENGTH, GARBAGE, UNBALANCED_QUOTES,
        LONG_LINE, NUL_BYTES, MUTATED
    }

    private static final String[] BANNED = {"set", "del", "unlink", "flush", "shutdown", "debug", "config", "client",
        "save", "slaveof", "replica", "failover", "monitor", "subscribe", "swapdb", "move", "rename", "expire", "eval",
        "function", "script", "module", "acl", "restore", "migrate", "copy", "wait", "block", "sync", "pexp", "persist",
        "append", "incr", "decr", "push", "pop", "add", "getex", "hello"};

    private final SplittableRandom random;

    public RespFuzz(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** {@code n} entries of every kind, in a seed-determined order. */
    public List<byte[]> corpus(int n) {
        List<byte[]> out = new ArrayList<>(n);
        Kind[] kinds = Kind.values();
        for (int i = 0; i < n; i++) {
            out.add(entry(kinds[random.nextInt(kinds.length)]));
        }
        return out;
    }

    /** One entry of the given kind (regenerated until it names no state-changing command). */
    public byte[] entry(Kind kind) {
        while (true) {
            byte[] e = generate(kind);
            if (harmless(e)) {
                return e;
            }
        }
    }

    /** Whether the bytes name none of the commands that change shared state or block. */
    public static boolean harmless(byte[] bytes) {
        String lower = new String(bytes, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
        for (String b : BANNED) {
            if (lower.contains(b)) {
                return false;
            }
        }
        return true;
    }

    private byte[] generate(Kind kind) {
        return switch (kind) {
            case VALID -> validStream();
            case TRUNCATED -> {
                byte[] v = validStream();
                yield java.util.Arrays.copyOf(v, random.nextInt(1, v.length));
            }
            case WRONG_LENGTH -> wrongLength();
            case HUGE_LENGTH -> withPrefix(pick("*1048577\r\n", "*2147483647\r\n", "*2147483648\r\n",
                "*1\r\n$2147483648\r\n", "*1\r\n$536870913\r\n", "*2\r\n$4\r\nECHO\r\n$536870912\r\nabc",
                "*1\r\n$99999999999999999999\r\n", "*9223372036854775807\r\n", "*1048577\r\n$4\r\nPING\r\n"));
            case NEGATIVE_LENGTH -> withPrefix(pick("*-1\r\nPING\r\n", "*-2147483649\r\n", "*1\r\n$-1\r\n",
                "*1\r\n$-5\r\nPING\r\n", "*-0\r\n", "*2\r\n$4\r\nECHO\r\n$-2147483648\r\n"));
            case NON_NUMERIC_LENGTH -> withPrefix(pick("*abc\r\n", "*1x\r\n", "*\r\n", "* 1\r\n", "*1.5\r\n",
                "*+1\r\n$4\r\nPING\r\n", "*1\r\n$x\r\n", "*1\r\n$ 4\r\nPING\r\n", "*1\r\n$4.0\r\nPING\r\n",
                "*1\r\n$\r\n", "*1\r\n$0x4\r\n", "*01\r\n", "*1\r\n$04\r\nPING\r\n", "*1\r\n:4\r\nPING\r\n",
                "*1\r\nPING\r\n", "*1\r\n\r\n"));
            case GARBAGE -> garbage();
            case UNBALANCED_QUOTES -> withPrefix(pick("ECHO \"abc\r\n", "ECHO 'abc\n", "ECHO \"a\"b\r\n",
                "ECHO 'a'b\r\n", "\"\r\n", "'\n", "ECHO \"\\\"\r\n", "PING \"x\\x4\"y\r\n", "ECHO \"\\xZZ\r\n",
                "\"PING\r\n", "ECHO ''' ok\r\n", "ECHO \"a\" \"b\r\n"));
            case LONG_LINE -> longLine();
            case NUL_BYTES -> {
                byte[] v = validStream();
                int at = random.nextInt(v.length + 1);
                ByteArrayOutputStream o = new ByteArrayOutputStream();
                o.write(v, 0, at);
                o.write(0);
                o.write(v, at, v.length - at);
                yield o.toByteArray();
            }
            case MUTATED -> mutate(validStream());
        };
    }

    private String pick(String... options) {
        return options[random.nextInt(options.length)];
    }

    /** The chosen bytes, sometimes after a valid request (replies before the error must match too). */
    private byte[] withPrefix(String s) {
        byte[] tail = latin1(s);
        if (random.nextInt(3) > 0) {
            return tail;
        }
        byte[] head = validStream();
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.writeBytes(head);
        o.writeBytes(tail);
        return o.toByteArray();
    }

    /** One to three harmless requests, each multibulk or inline. */
    public byte[] validStream() {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        int n = random.nextInt(1, 4);
        for (int i = 0; i < n; i++) {
            List<byte[]> argv = command();
            o.writeBytes(random.nextInt(3) == 0 ? inline(argv) : multibulk(argv));
        }
        return o.toByteArray();
    }

    private List<byte[]> command() {
        List<byte[]> argv = new ArrayList<>();
        switch (random.nextInt(6)) {
            case 0 -> argv.add(latin1("PING"));
            case 1 -> {
                argv.add(latin1("PING"));
                argv.add(word());
            }
            case 2 -> {
                argv.add(latin1(random.nextBoolean() ? "ECHO" : "echo"));
                argv.add(random.nextBoolean() ? word() : bytes(random.nextInt(0, 40)));
            }
            case 3 -> {
                argv.add(latin1("EXISTS"));
                for (int k = random.nextInt(1, 4); k > 0; k--) {
                    argv.add(latin1("fz:" + random.nextInt(1000)));
                }
            }
            case 4 -> {
                argv.add(latin1("GET"));
                argv.add(latin1("fz:" + random.nextInt(1000)));
            }
            default -> {
                argv.add(latin1("NOPE" + random.nextInt(100)));
                for (int k = random.nextInt(0, 3); k > 0; k--) {
                    argv.add(word());
                }
            }
        }
        return argv;
    }

    private byte[] word() {
        StringBuilder sb = new StringBuilder();
        for (int i = random.nextInt(1, 10); i > 0; i--) {
            sb.append((char) ('a' + random.nextInt(26)));
        }
        return latin1(sb.toString());
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) random.nextInt(256);
        }
        return b;
    }

    private byte[] wrongLength() {
        List<byte[]> argv = command();
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        int wrong = random.nextInt(argv.size());
        o.writeBytes(latin1("*" + argv.size() + "\r\n"));
        for (int i = 0; i < argv.size(); i++) {
            int len = argv.get(i).length;
            if (i == wrong) {
                len = Math.max(0, len + (random.nextBoolean() ? 1 : -1) * random.nextInt(1, 4));
            }
            o.writeBytes(latin1("$" + len + "\r\n"));
            o.writeBytes(argv.get(i));
            o.writeBytes(latin1("\r\n"));
        }
        if (random.nextBoolean()) {
            o.writeBytes(multibulk(command()));
        }
        return o.toByteArray();
    }

    private byte[] garbage() {
        byte[] g = bytes(random.nextInt(1, 200));
        switch (random.nextInt(4)) {
            case 0 -> g[0] = '*';
            case 1 -> g[0] = '$';
            default -> {
                // as generated
            }
        }
        return g;
    }

    /**
     * 100 KB without the terminator a line needs: always refused, by Redis once it has read past 64 KB. (With a
     * terminator the outcome of a line between 64 KB and ~100 KB depends on how Redis's reads grow its buffer.)
     */
    private byte[] longLine() {
        int n = 100_000;
        String body = switch (random.nextInt(4)) {
            case 0 -> "PING " + "a".repeat(n);
            case 1 -> "*" + "1".repeat(n);
            case 2 -> "*1\r\n$" + "1".repeat(n);
            default -> "ECHO \"" + "x".repeat(n);
        };
        return latin1(body);
    }

    private byte[] mutate(byte[] valid) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.writeBytes(valid);
        byte[] b = o.toByteArray();
        for (int m = random.nextInt(1, 4); m > 0 && b.length > 0; m--) {
            int at = random.nextInt(b.length);
            ByteArrayOutputStream n = new ByteArrayOutputStream();
            switch (random.nextInt(4)) {
                case 0 -> {
                    b[at] = (byte) random.nextInt(256);
                    continue;
                }
                case 1 -> {
                    n.write(b, 0, at);
                    n.write(pickByte());
                    n.write(b, at, b.length - at);
                }
                case 2 -> {
                    n.write(b, 0, at);
                    n.write(b, at + 1, b.length - at - 1);
                }
                default -> {
                    int len = random.nextInt(1, Math.min(16, b.length - at) + 1);
                    n.write(b, 0, at + len);
                    n.write(b, at, b.length - at);
                }
            }
            b = n.toByteArray();
        }
        return b;
    }

    /** A byte that tends to matter to a RESP parser. */
    private int pickByte() {
        return switch (random.nextInt(6)) {
            case 0 -> '\r';
            case 1 -> '\n';
            case 2 -> '*';
            case 3 -> '$';
            case 4 -> '0' + random.nextInt(10);
            default -> random.nextInt(256);
        };
    }

    public static byte[] multibulk(List<byte[]> argv) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.writeBytes(latin1("*" + argv.size() + "\r\n"));
        for (byte[] a : argv) {
            o.writeBytes(latin1("$" + a.length + "\r\n"));
            o.writeBytes(a);
            o.writeBytes(latin1("\r\n"));
        }
        return o.toByteArray();
    }

    /** Inline form: every argument double-quoted with \xHH escapes, so any bytes survive. */
    public static byte[] inline(List<byte[]> argv) {
        StringBuilder sb = new StringBuilder();
        for (byte[] a : argv) {
            sb.append(sb.length() == 0 ? "\"" : " \"");
            for (byte x : a) {
                sb.append(String.format("\\x%02x", x & 0xff));
            }
            sb.append('"');
        }
        return latin1(sb.append("\r\n").toString());
    }

    private static byte[] latin1(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
