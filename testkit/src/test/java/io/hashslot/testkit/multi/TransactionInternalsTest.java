package io.hashslot.testkit.multi;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashslot.commands.Client;
import io.hashslot.commands.ClientConnection;
import io.hashslot.commands.CommandFamilies;
import io.hashslot.commands.CommandProcessor;
import io.hashslot.commands.CommandTable;
import io.hashslot.commands.ServerContext;
import io.hashslot.common.Clock;
import io.hashslot.common.NodeLog;
import io.hashslot.common.config.ConfigStore;
import io.hashslot.protocol.RespReader;
import io.hashslot.protocol.RespValue;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Transaction internals that replies alone do not show, checked on the command layer of a node without sockets:
 * the time commands see inside EXEC, what is handed to propagation (and how it is wrapped), the deny-blocking
 * flag of commands EXEC runs, and the watch bookkeeping (dirty watchers, RESET, disconnect).
 */
class TransactionInternalsTest {
    /** A clock that can move by itself each time it is read, to catch time being re-read inside EXEC. */
    private static final class TickingClock implements Clock {
        long millis = 1_700_000_000_000L;
        long tick;

        @Override
        public long currentTimeMillis() {
            long now = millis;
            millis += tick;
            return now;
        }

        @Override
        public long nanoTime() {
            return System.nanoTime();
        }
    }

    private final TickingClock clock = new TickingClock();
    private final ServerContext server;
    private final CommandProcessor processor;
    private final List<String> propagated = new ArrayList<>();
    private long nextId = 1;

    TransactionInternalsTest() {
        server = new ServerContext(new ConfigStore(), clock, NodeLog.NONE, new SplittableRandom(3), new CommandTable());
        processor = CommandFamilies.install(server);
    }

    private Client client() {
        Client c = new Client(nextId++, server, ClientConnection.NONE);
        server.clients().add(c);
        return c;
    }

    private RespValue call(Client c, String... args) {
        byte[][] argv = new byte[args.length][];
        for (int i = 0; i < args.length; i++) {
            argv[i] = args[i].getBytes(StandardCharsets.ISO_8859_1);
        }
        processor.process(c, argv);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        c.output().drain((array, off, len, owned) -> out.write(array, off, len));
        try {
            return new RespReader(new ByteArrayInputStream(out.toByteArray())).read();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String text(RespValue v) {
        if (v instanceof RespValue.Bulk b) {
            return new String(b.bytes(), StandardCharsets.ISO_8859_1);
        } else if (v instanceof RespValue.Simple s) {
            return s.text();
        } else if (v instanceof RespValue.Int i) {
            return Long.toString(i.value());
        } else if (v instanceof RespValue.Error e) {
            return "-" + e.text();
        } else if (v instanceof RespValue.Null) {
            return "nil";
        } else if (v instanceof RespValue.Array a) {
            return a.items().stream().map(TransactionInternalsTest::text).toList().toString();
        }
        return v.toString();
    }

    private void recordPropagation() {
        server.propagation().addSink((db, argv) -> {
            StringBuilder sb = new StringBuilder(db + ":");
            for (byte[] a : argv) {
                sb.append(' ').append(new String(a, StandardCharsets.ISO_8859_1));
            }
            propagated.add(sb.toString());
        });
    }

    @Test
    void commandsInsideExecSeeTheTimeExecStartedAt() {
        Client c = client();
        call(c, "SET", "k", "v", "PX", "100");
        call(c, "MULTI");
        for (int i = 0; i < 5; i++) {
            call(c, "GET", "k");
        }
        // every clock read now moves time by 60 ms: re-reading it per command would expire k by the third GET
        clock.tick = 60;
        assertThat(text(call(c, "EXEC"))).isEqualTo("[v, v, v, v, v]");
        clock.tick = 0;
        clock.millis += 1000;
        assertThat(text(call(c, "GET", "k"))).isEqualTo("nil");
    }

    @Test
    void singleWriteInExecPropagatesAlone() {
        recordPropagation();
        Client c = client();
        call(c, "MULTI");
        call(c, "SET", "foo", "bar");
        call(c, "EXEC");
        call(c, "SET", "foo2", "bar");
        assertThat(propagated).containsExactly("0: SET foo bar", "0: SET foo2 bar");
    }

    @Test
    void severalWritesInExecPropagateWrappedWithoutReads() {
        recordPropagation();
        Client c = client();
        call(c, "MULTI");
        call(c, "SET", "foo", "bar");
        call(c, "GET", "foo");
        call(c, "SET", "foo2", "bar2");
        call(c, "GET", "foo2");
        call(c, "INCR", "n");
        call(c, "EXEC");
        assertThat(propagated).containsExactly("0: MULTI", "0: SET foo bar", "0: SET foo2 bar2", "0: INCR n",
            "0: EXEC");
    }

    @Test
    void writesInSeveralDbsCarryTheirDb() {
        recordPropagation();
        Client c = client();
        call(c, "MULTI");
        call(c, "SELECT", "1");
        call(c, "SET", "a", "1");
        call(c, "SELECT", "2");
        call(c, "SET", "b", "2");
        call(c, "SELECT", "3");
        call(c, "SET", "c", "3");
        call(c, "EXEC");
        assertThat(propagated).containsExactly("1: MULTI", "1: SET a 1", "2: SET b 2", "3: SET c 3", "3: EXEC");
    }

    @Test
    void transactionsWithoutEffectPropagateNothing() {
        recordPropagation();
        Client c = client();
        call(c, "MULTI");
        call(c, "EXEC");
        call(c, "SET", "foo", "value1");
        propagated.clear();
        call(c, "MULTI");
        call(c, "GET", "foo");
        call(c, "DEL", "nosuch");
        call(c, "INCR", "foo");
        call(c, "EXEC");
        call(c, "MULTI");
        call(c, "SET", "x", "1");
        call(c, "DISCARD");
        assertThat(propagated).isEmpty();
    }

    @Test
    void rewrittenArgvAndForcedPropagationInExec() {
        recordPropagation();
        Client c = client();
        call(c, "MULTI");
        call(c, "PUBLISH", "ch", "msg");
        call(c, "EXEC");
        assertThat(propagated).containsExactly("0: PUBLISH ch msg");
        propagated.clear();
        call(c, "MULTI");
        call(c, "SET", "k", "v", "EX", "100");
        call(c, "PUBLISH", "ch", "msg");
        call(c, "EXEC");
        assertThat(propagated).hasSize(4);
        assertThat(propagated.get(0)).isEqualTo("0: MULTI");
        assertThat(propagated.get(1)).startsWith("0: SET k v PXAT ");
        assertThat(propagated.subList(2, 4)).containsExactly("0: PUBLISH ch msg", "0: EXEC");
    }

    @Test
    void commandsThatPropagateOtherCommandsInExec() {
        recordPropagation();
        Client c = client();
        call(c, "SADD", "s", "a");
        propagated.clear();
        call(c, "MULTI");
        call(c, "SPOP", "s");
        call(c, "EXEC");
        assertThat(propagated).containsExactly("0: SREM s a");
        propagated.clear();
        call(c, "MULTI");
        call(c, "SADD", "s", "a", "b", "c");
        call(c, "SPOP", "s", "2");
        call(c, "GET", "nosuch");
        call(c, "EXEC");
        assertThat(propagated.get(0)).isEqualTo("0: MULTI");
        assertThat(propagated.get(1)).isEqualTo("0: SADD s a b c");
        assertThat(propagated.subList(2, propagated.size() - 1)).allMatch(op -> op.startsWith("0: SREM s "));
        int removed = propagated.subList(2, propagated.size() - 1).stream()
            .mapToInt(op -> op.split(" ").length - 3).sum();
        assertThat(removed).as("members SPOP removed, as SREMs").isEqualTo(2);
        assertThat(propagated.get(propagated.size() - 1)).isEqualTo("0: EXEC");
    }

    @Test
    void commandsRunByExecMayNotBlock() {
        List<Boolean> denied = new ArrayList<>();
        server.commands().register("blpop", (c, argv) -> {
            denied.add(c.hasFlag(Client.FLAG_DENY_BLOCKING));
            c.reply().nullArray();
        });
        Client c = client();
        call(c, "BLPOP", "l", "0");
        call(c, "MULTI");
        call(c, "BLPOP", "l", "0");
        call(c, "EXEC");
        call(c, "BLPOP", "l", "0");
        assertThat(denied).containsExactly(false, true, false);
        assertThat(c.hasFlag(Client.FLAG_DENY_BLOCKING)).isFalse();
    }

    @Test
    void touchedWatcherDropsItsWatchesAndEndStatesForgetThem() {
        Client a = client();
        Client b = client();
        call(a, "WATCH", "x", "y", "z");
        assertThat(server.watches().watchedCount(a)).isEqualTo(3);
        call(b, "SET", "y", "1");
        assertThat(a.hasFlag(Client.FLAG_DIRTY_CAS)).isTrue();
        assertThat(server.watches().watchedCount(a)).isZero();
        assertThat(server.watches().isEmpty()).isTrue();
        call(a, "UNWATCH");
        assertThat(a.hasFlag(Client.FLAG_DIRTY_CAS)).isFalse();

        call(a, "WATCH", "x");
        call(a, "RESET");
        assertThat(server.watches().isEmpty()).isTrue();

        call(a, "WATCH", "x");
        call(a, "MULTI");
        call(a, "PING");
        call(a, "EXEC");
        assertThat(server.watches().isEmpty()).isTrue();

        call(a, "WATCH", "x");
        call(b, "WATCH", "x");
        assertThat(server.watches().watchingClients()).isEqualTo(2);
        assertThat(server.watches().watchedKeys()).isEqualTo(1);
        processor.disconnect(a);
        assertThat(server.watches().watchingClients()).isEqualTo(1);
        processor.disconnect(b);
        assertThat(server.watches().isEmpty()).isTrue();
        assertThat(server.watches().watchingClients()).isZero();
    }

    @Test
    void dirtyTransactionKeepsNothingQueued() {
        Client a = client();
        call(a, "MULTI");
        call(a, "SET", "a", "1");
        assertThat(text(call(a, "NOSUCH"))).startsWith("-ERR unknown command 'NOSUCH'");
        assertThat(text(call(a, "SET", "b", "2"))).isEqualTo("QUEUED");
        assertThat(a.hasFlag(Client.FLAG_DIRTY_EXEC)).isTrue();
        assertThat(text(call(a, "EXEC"))).isEqualTo("-EXECABORT Transaction discarded because of previous errors.");
        assertThat(a.hasFlag(Client.FLAG_MULTI | Client.FLAG_DIRTY_EXEC)).isFalse();
        assertThat(server.keyspace().totalKeys()).isZero();
    }

    @Test
    void watchedKeysListInOrder() {
        Client a = client();
        call(a, "SELECT", "2");
        call(a, "WATCH", "b", "a", "b");
        call(a, "SELECT", "0");
        call(a, "WATCH", "b");
        String watched = server.watches().watchedBy(a).stream()
            .map(e -> e.getKey() + ":" + new String(e.getValue(), StandardCharsets.ISO_8859_1))
            .collect(Collectors.joining(" "));
        assertThat(watched).isEqualTo("2:b 2:a 0:b");
    }
}
