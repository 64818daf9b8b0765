package io.hashslot.testkit.keys;

import io.hashslot.commands.Client;
import io.hashslot.commands.ClientConnection;
import io.hashslot.commands.CommandFamilies;
import io.hashslot.commands.CommandProcessor;
import io.hashslot.commands.CommandTable;
import io.hashslot.commands.ServerContext;
import io.hashslot.common.ManualClock;
import io.hashslot.common.NodeLog;
import io.hashslot.common.config.ConfigException;
import io.hashslot.common.config.ConfigStore;
import io.hashslot.protocol.RespReader;
import io.hashslot.protocol.RespValue;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The command layer of one node without sockets, on a manual clock: commands run on the calling thread, replies
 * are decoded, and keyspace events and the argv each command propagates are recorded.
 */
final class DirectNode {
    /** One keyspace notification as notifyKeyspaceEvent received it. */
    record Event(int type, String event, String key, int db) {
    }

    final ManualClock clock = new ManualClock(1_700_000_000_000L);
    final ServerContext server;
    final CommandProcessor processor;
    final List<Event> events = new ArrayList<>();
    private long nextId = 1;

    DirectNode(String... directives) {
        ConfigStore config = new ConfigStore();
        try {
            for (int i = 0; i + 1 < directives.length; i += 2) {
                config.set(directives[i], directives[i + 1]);
            }
        } catch (ConfigException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        server = new ServerContext(config, clock, NodeLog.NONE, new SplittableRandom(7), new CommandTable());
        processor = CommandFamilies.install(server);
        server.setKeyspaceEvents((type, event, key, db) ->
            events.add(new Event(type, event, new String(key, StandardCharsets.ISO_8859_1), db)));
    }

    Client newClient() {
        return new Client(nextId++, server, ClientConnection.NONE);
    }

    void config(String name, String value) {
        try {
            server.config().set(name, value);
        } catch (ConfigException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** Runs a command for {@code c} and returns its decoded reply. */
    RespValue call(Client c, String... args) {
        byte[][] argv = new byte[args.length][];
        for (int i = 0; i < args.length; i++) {
            argv[i] = args[i].getBytes(StandardCharsets.ISO_8859_1);
        }
        c.rewriteArgv((byte[][]) null);
        processor.process(c, argv);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        c.output().drain((array, off, len, owned) -> out.write(array, off, len));
        try {
            return new RespReader(new ByteArrayInputStream(out.toByteArray())).read();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What the last command of {@code c} propagates, as strings; null when it propagates unchanged. */
    static List<String> propagated(Client c) {
        byte[][] argv = c.propagateArgv();
        if (argv == null) {
            return null;
        }
        return Arrays.stream(argv).map(b -> new String(b, StandardCharsets.ISO_8859_1)).toList();
    }

    /** The reply as a short comparable text: integers as digits, bulks as text, errors with "-", null as "nil". */
    static String text(RespValue v) {
        if (v instanceof RespValue.Int i) {
            return Long.toString(i.value());
        } else if (v instanceof RespValue.Bulk b) {
            return new String(b.bytes(), StandardCharsets.ISO_8859_1);
        } else if (v instanceof RespValue.Simple s) {
            return s.text();
        } else if (v instanceof RespValue.Error e) {
            return "-" + e.text();
        } else if (v instanceof RespValue.Null) {
            return "nil";
        } else if (v instanceof RespValue.Array a) {
            return a.items().stream().map(DirectNode::text).toList().toString();
        }
        return v.toString();
    }
}
