package io.hashslot.testkit.strings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hashslot.common.ArgSplitter;
import io.hashslot.common.SystemClock;
import io.hashslot.protocol.RespReader;
import io.hashslot.protocol.RespValue;
import io.hashslot.testkit.RawClient;
import io.hashslot.testkit.RealRedis;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs one script of string commands on a real redis-server and on Hashslot's command layer and compares, after
 * every command, what a client cannot see in the reply: the keyspace events (with their order), the keyspace
 * hit/miss counters, the dirty counter (rdb_changes_since_last_save) and what the command propagates (the real
 * server's AOF against the argv Hashslot would propagate).
 */
class StringSideEffectsTest {
    private static RealRedis redis;

    /** Commands, one per line in redis-cli syntax; nothing expires while the script runs. */
    private static final String SCRIPT = """
        GET k
        SET k v
        GET k
        SET k v2 NX
        SET k v3 XX
        SET k v4 GET
        SET k v5 XX GET
        SET n v NX GET
        SET k v EX 100
        SET k v6 KEEPTTL
        SET k v7 PXAT 99999999999999
        SET k v8 EXAT 99999999999 GET
        SET x v XX
        SET k v EX 0
        SETNX k v
        SETNX s1 v
        SETEX se 100 v
        PSETEX pe 100000 v
        GETSET k g
        GETSET gs new
        GETEX k
        GETEX nokey EX 10
        GETEX k EX 100
        GETEX k PX 100000
        GETEX k EXAT 99999999999
        GETEX k PXAT 99999999999999
        GETEX k PERSIST
        GETEX k PERSIST
        GETEX k EXAT 1
        SET k v
        GETEX k PXAT 1
        GETDEL k
        GETDEL k
        MGET a b k s1 se
        MSET a 1 b 2 a 3
        MSETNX a 1 c 2
        MSETNX c 1 d 2
        APPEND ap hello
        APPEND ap world
        APPEND ap ""
        STRLEN ap
        STRLEN nokey
        GETRANGE ap 0 3
        GETRANGE nokey 0 3
        SUBSTR ap 1 2
        SETRANGE sr 0 ""
        SETRANGE sr 3 abc
        SETRANGE sr 0 ""
        SETRANGE sr 0 x
        INCR i
        INCRBY i 10
        DECR i
        DECRBY i 5
        INCR ap
        INCRBY i 9223372036854775807
        INCRBYFLOAT f 1.5
        INCRBYFLOAT f 0.25
        INCRBYFLOAT f abc
        SET fe 10 EX 100
        INCRBYFLOAT fe 1
        LCS ap sr
        LCS nokey1 nokey2 LEN
        SETBIT b1 7 1
        SETBIT b1 7 1
        SETBIT b1 7 0
        SETBIT b1 100 0
        GETBIT b1 7
        GETBIT nokey 7
        BITCOUNT b1
        BITCOUNT nokey
        BITPOS b1 1
        BITPOS nokey 1
        BITOP OR dest b1 ap
        BITOP AND dest nokey1 nokey2
        BITOP AND dest nokey1 nokey2
        BITOP NOT dest2 nokey
        BITFIELD bf SET u8 0 5
        BITFIELD bf SET u8 0 5
        BITFIELD bf GET u8 0
        BITFIELD nbf GET u8 0
        BITFIELD bf INCRBY u8 0 1 INCRBY u8 0 1 SET u8 0 7
        BITFIELD bf2 OVERFLOW FAIL INCRBY u2 0 10
        BITFIELD bf2 OVERFLOW FAIL INCRBY u2 0 10
        BITFIELD bf2 SET i5 90 0
        BITFIELD_RO bf GET u8 0
        BITFIELD_RO nokey GET u8 0
        """;

    @BeforeAll
    static void start() {
        assumeTrue(RealRedis.available(), RealRedis.unavailableMessage());
        redis = RealRedis.start("--appendonly", "yes", "--appendfsync", "always", "--notify-keyspace-events", "EAnm");
    }

    @AfterAll
    static void stop() {
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void sideEffectsMatchRealRedis() throws IOException {
        LocalNode node = new LocalNode(SystemClock.INSTANCE);
        List<String> differences = new ArrayList<>();
        int realEventCount = 0;
        int realPropagated = 0;
        long realHits = 0;
        try (RawClient main = new RawClient(redis.port()); RawClient sub = new RawClient(redis.port())) {
            sub.call("PSUBSCRIBE", "__keyevent@*__:*");
            Path aof = waitForAof();
            long aofOffset = Files.size(aof);
            for (String line : SCRIPT.strip().split("\n")) {
                List<byte[]> args = ArgSplitter.split(line.strip().getBytes(StandardCharsets.UTF_8));
                byte[][] argv = args.toArray(new byte[0][]);
                String[] before = info(main);
                byte[] realReply = main.callRaw(args);
                String[] after = info(main);
                List<String> realEvents = drainEvents(sub);
                realEventCount += realEvents.size();
                realHits += delta(before[0], after[0]) + delta(before[1], after[1]);
                byte[] aofBytes = readFrom(aof, aofOffset);
                aofOffset += aofBytes.length;

                long hits = node.server.stats().keyspaceHits;
                long misses = node.server.stats().keyspaceMisses;
                long dirty = node.server.dirty();
                node.events.clear();
                byte[] ourReply = node.callRaw(argv);
                check(differences, line, "reply", text(realReply), text(ourReply));
                check(differences, line, "events", realEvents.toString(), node.events.toString());
                check(differences, line, "hits", delta(before[0], after[0]),
                    node.server.stats().keyspaceHits - hits);
                check(differences, line, "misses", delta(before[1], after[1]),
                    node.server.stats().keyspaceMisses - misses);
                check(differences, line, "dirty", delta(before[2], after[2]), node.server.dirty() - dirty);
                List<byte[][]> realCommands = aofCommands(aofBytes);
                realPropagated += realCommands.size();
                String realProp = normalize(realCommands);
                String ourProp = node.server.dirty() == dirty ? "[]"
                    : normalize(List.<byte[][]>of(node.propagated(argv)));
                check(differences, line, "propagation", realProp, ourProp);
            }
        }
        assertThat(differences).isEmpty();
        // the comparison must have had something to compare
        assertThat(realEventCount).isGreaterThan(80);
        assertThat(realPropagated).isGreaterThan(40);
        assertThat(realHits).isGreaterThan(30);
    }

    private static void check(List<String> diffs, String line, String what, Object real, Object ours) {
        if (!String.valueOf(real).equals(String.valueOf(ours))) {
            diffs.add(line + " -> " + what + ": redis " + real + " hashslot " + ours);
        }
    }

    private static long delta(String before, String after) {
        return Long.parseLong(after) - Long.parseLong(before);
    }

    /** keyspace_hits, keyspace_misses, rdb_changes_since_last_save. */
    private static String[] info(RawClient c) {
        String stats = ((RespValue.Bulk) c.call("INFO", "stats")).text();
        String persistence = ((RespValue.Bulk) c.call("INFO", "persistence")).text();
        return new String[] {field(stats, "keyspace_hits"), field(stats, "keyspace_misses"),
            field(persistence, "rdb_changes_since_last_save")};
    }

    private static String field(String info, String name) {
        for (String l : info.split("\r\n")) {
            if (l.startsWith(name + ":")) {
                return l.substring(name.length() + 1);
            }
        }
        throw new IllegalStateException("no " + name);
    }

    /** Everything the subscriber received so far, as "event key", using a PING as a barrier. */
    private static List<String> drainEvents(RawClient sub) {
        sub.send(RawClient.args("PING"));
        List<String> events = new ArrayList<>();
        while (true) {
            RespValue.Array msg = (RespValue.Array) sub.read();
            String kind = ((RespValue.Bulk) msg.items().get(0)).text();
            if (kind.equals("pong")) {
                return events;
            }
            String channel = latin1(((RespValue.Bulk) msg.items().get(2)).bytes());
            String key = latin1(((RespValue.Bulk) msg.items().get(3)).bytes());
            events.add(channel.substring(channel.indexOf("__:") + 3) + " " + key);
        }
    }

    private Path waitForAof() throws IOException {
        Path dir = redis.dir().resolve("appendonlydir");
        for (int i = 0; i < 500; i++) {
            if (Files.isDirectory(dir)) {
                try (Stream<Path> files = Files.list(dir)) {
                    Path p = files.filter(f -> f.toString().endsWith(".incr.aof")).findFirst().orElse(null);
                    if (p != null) {
                        return p;
                    }
                }
            }
            sleep(20);
        }
        throw new IllegalStateException("no AOF in " + dir);
    }

    private static byte[] readFrom(Path file, long offset) throws IOException {
        byte[] all = Files.readAllBytes(file);
        return java.util.Arrays.copyOfRange(all, (int) offset, all.length);
    }

    /** The commands in an AOF chunk, without SELECT. */
    private static List<byte[][]> aofCommands(byte[] chunk) {
        List<byte[][]> commands = new ArrayList<>();
        ByteArrayInputStream in = new ByteArrayInputStream(chunk);
        RespReader reader = new RespReader(in);
        try {
            while (in.available() > 0) {
                List<RespValue> items = ((RespValue.Array) reader.read()).items();
                byte[][] argv = new byte[items.size()][];
                for (int i = 0; i < argv.length; i++) {
                    argv[i] = ((RespValue.Bulk) items.get(i)).bytes();
                }
                if (!latin1(argv[0]).equalsIgnoreCase("SELECT")) {
                    commands.add(argv);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return commands;
    }

    /** Commands as text with timestamps near now replaced by "<now>" (real and our clocks differ slightly). */
    private static String normalize(List<byte[][]> commands) {
        long now = System.currentTimeMillis();
        List<String> out = new ArrayList<>();
        for (byte[][] argv : commands) {
            StringBuilder sb = new StringBuilder();
            for (byte[] a : argv) {
                String s = latin1(a);
                try {
                    long v = Long.parseLong(s);
                    if (Math.abs(v - now) < 86_400_000L) {
                        s = "<now+" + Math.round((v - now) / 10000.0) * 10 + "s>";
                    }
                } catch (NumberFormatException e) {
                    // not a number
                }
                sb.append(sb.length() == 0 ? "" : " ").append(s);
            }
            out.add(sb.toString().toUpperCase(java.util.Locale.ROOT));
        }
        return out.toString();
    }

    private static String text(byte[] b) {
        return latin1(b).replace("\r\n", "\\r\\n");
    }

    private static String latin1(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new IOException(e));
        }
    }
}
