package io.hashslot.testkit.strings;

import io.hashslot.commands.Client;
import io.hashslot.commands.ClientConnection;
import io.hashslot.commands.CommandFamilies;
import io.hashslot.commands.CommandProcessor;
import io.hashslot.commands.CommandTable;
import io.hashslot.commands.ServerContext;
import io.hashslot.common.Clock;
import io.hashslot.common.NodeLog;
import io.hashslot.common.config.ConfigException;
import io.hashslot.common.config.ConfigStore;
import io.hashslot.store.Entry;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A node's command layer without sockets, driven synchronously from the test thread: commands go through the
 * real {@link CommandProcessor}, and the test can look at the store, the counters and what each command would
 * propagate.
 */
final class LocalNode {
    final ServerContext server;
    final CommandProcessor processor;
    final Client client;
    /** Events sent with notifyKeyspaceEvent, as "event key". */
    final List<String> events = new ArrayList<>();

    LocalNode(Clock clock, String... directives) {
        ConfigStore config = new ConfigStore();
        try {
            for (int i = 0; i + 1 < directives.length; i += 2) {
                config.set(directives[i], directives[i + 1]);
            }
        } catch (ConfigException e) {
            throw new IllegalArgumentException(e);
        }
        server = new ServerContext(config, clock, NodeLog.NONE, new SplittableRandom(7), new CommandTable());
        processor = CommandFamilies.install(server);
        server.setKeyspaceEvents((type, event, key, db) ->
            events.add(event + " " + new String(key, StandardCharsets.ISO_8859_1)));
        client = new Client(1, server, ClientConnection.NONE);
    }

    static byte[][] argv(String... args) {
        byte[][] argv = new byte[args.length][];
        for (int i = 0; i < args.length; i++) {
            argv[i] = args[i].getBytes(StandardCharsets.ISO_8859_1);
        }
        return argv;
    }

    /** Runs a command and returns its reply bytes. */
    byte[] callRaw(byte[][] argv) {
        client.rewriteArgv((byte[][]) null);
        processor.process(client, argv);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        client.output().drain((array, off, len, owned) -> out.write(array, off, len));
        return out.toByteArray();
    }

    String call(String... args) {
        return new String(callRaw(argv(args)), StandardCharsets.ISO_8859_1);
    }

    /** What the last command propagates: its rewritten argv, or the argv itself. */
    byte[][] propagated(byte[][] argv) {
        byte[][] p = client.propagateArgv();
        return p == null ? argv : p;
    }

    Entry entry(String key) {
        return server.keyspace().db(client.dbIndex()).find(key.getBytes(StandardCharsets.ISO_8859_1));
    }
}
