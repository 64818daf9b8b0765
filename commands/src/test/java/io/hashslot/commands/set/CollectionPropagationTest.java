package io.hashslot.commands.set;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashslot.commands.Client;
import io.hashslot.commands.ClientConnection;
import io.hashslot.commands.CommandFamilies;
import io.hashslot.commands.CommandProcessor;
import io.hashslot.commands.CommandTable;
import io.hashslot.commands.ServerContext;
import io.hashslot.common.NodeLog;
import io.hashslot.common.SystemClock;
import io.hashslot.common.config.ConfigStore;
import io.hashslot.store.Entry;
import io.hashslot.store.types.SetValue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What hash and set writes hand to replication (t_set.c/t_hash.c): SPOP as SREM, or DEL when it empties the
 * set, or one SREM per popped member with the SPOP itself not propagated; HINCRBYFLOAT as HSET with the final
 * value; and how much each write adds to the dirty counter.
 */
class CollectionPropagationTest {
    private ServerContext server;
    private CommandProcessor processor;

    @BeforeEach
    void setUp() {
        server = new ServerContext(new ConfigStore(), SystemClock.INSTANCE, NodeLog.NONE, new SplittableRandom(3),
            new CommandTable());
        processor = CommandFamilies.install(server);
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String s(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    /** Runs one command on a fresh client and returns that client (its propagation state is the command's). */
    private Client run(String... args) {
        Client c = new Client(1, server, ClientConnection.NONE);
        byte[][] argv = new byte[args.length][];
        for (int i = 0; i < args.length; i++) {
            argv[i] = b(args[i]);
        }
        processor.process(c, argv);
        return c;
    }

    private static List<String> words(byte[][] argv) {
        List<String> out = new ArrayList<>();
        for (byte[] a : argv) {
            out.add(s(a));
        }
        return out;
    }

    private Set<String> members(String key) {
        Entry e = server.keyspace().db(0).find(b(key));
        Set<String> out = new HashSet<>();
        if (e != null) {
            ((SetValue) e.value()).forEach(m -> out.add(s(m)));
        }
        return out;
    }

    @Test
    void spopWithoutCountPropagatesAsSrem() {
        run("SADD", "s", "a", "b", "c");
        Set<String> before = members("s");
        Client c = run("SPOP", "s");
        List<String> prop = words(c.propagateArgv());
        assertThat(prop).hasSize(3);
        assertThat(prop.subList(0, 2)).containsExactly("SREM", "s");
        assertThat(before).contains(prop.get(2));
        assertThat(members("s")).doesNotContain(prop.get(2)).hasSize(2);
    }

    @Test
    void spopTakingEverythingPropagatesAsDel() {
        run("SADD", "s", "1", "2", "3");
        long dirty = server.dirty();
        Client c = run("SPOP", "s", "3");
        assertThat(words(c.propagateArgv())).containsExactly("DEL", "s");
        assertThat(c.alsoPropagated()).isNull();
        assertThat(server.keyspace().db(0).find(b("s"))).isNull();
        assertThat(server.dirty() - dirty).isEqualTo(3);
    }

    @Test
    void spopWithCountPropagatesOneSremPerMember() {
        for (int count : new int[] {2, 9}) {
            run("DEL", "s");
            List<String> add = new ArrayList<>(List.of("SADD", "s"));
            for (int i = 0; i < 10; i++) {
                add.add("m" + i);
            }
            run(add.toArray(new String[0]));
            Set<String> before = members("s");
            long dirty = server.dirty();
            Client c = run("SPOP", "s", String.valueOf(count));
            assertThat(c.propagationPrevented()).isTrue();
            assertThat(c.propagateArgv()).isNull();
            Set<String> popped = new HashSet<>();
            for (byte[][] argv : c.alsoPropagated()) {
                List<String> w = words(argv);
                assertThat(w).hasSize(3);
                assertThat(w.subList(0, 2)).containsExactly("SREM", "s");
                popped.add(w.get(2));
            }
            assertThat(popped).hasSize(count);
            Set<String> left = new HashSet<>(before);
            left.removeAll(popped);
            assertThat(members("s")).isEqualTo(left);
            assertThat(server.dirty() - dirty).isEqualTo(count);
        }
    }

    @Test
    void hincrbyfloatPropagatesAsHsetWithTheResult() {
        run("HSET", "h", "f", "1.25");
        Client c = run("HINCRBYFLOAT", "h", "f", "2.25");
        assertThat(words(c.propagateArgv())).containsExactly("HSET", "h", "f", "3.5");
        Client failed = run("HINCRBYFLOAT", "h", "f", "abc");
        assertThat(failed.propagateArgv()).isNull();
    }

    @Test
    void dirtyCountsFollowRedis() {
        long d = server.dirty();
        run("HSET", "h", "a", "1", "b", "2", "a", "3");
        assertThat(server.dirty() - d).isEqualTo(3);
        d = server.dirty();
        run("HDEL", "h", "a", "b", "zz");
        assertThat(server.dirty() - d).isEqualTo(2);
        d = server.dirty();
        run("SADD", "s", "1", "2", "2");
        assertThat(server.dirty() - d).isEqualTo(2);
        d = server.dirty();
        run("SADD", "s", "1");
        assertThat(server.dirty() - d).isZero();
        d = server.dirty();
        run("SMOVE", "s", "t", "1");
        assertThat(server.dirty() - d).isEqualTo(2);
        d = server.dirty();
        run("SINTERSTORE", "u", "s", "s");
        assertThat(server.dirty() - d).isEqualTo(1);
        d = server.dirty();
        run("SREM", "s", "2", "9");
        assertThat(server.dirty() - d).isEqualTo(1);
    }
}
