package io.hashslot.commands.pubsub;

import io.hashslot.commands.Args;
import io.hashslot.commands.Client;
import io.hashslot.commands.CommandTable;
import io.hashslot.commands.Help;
import io.hashslot.commands.ServerContext;
import io.hashslot.common.Glob;
import io.hashslot.common.config.KeyspaceEventFlags;
import io.hashslot.protocol.Reply;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * SUBSCRIBE, UNSUBSCRIBE, PSUBSCRIBE, PUNSUBSCRIBE, PUBLISH, SSUBSCRIBE, SUNSUBSCRIBE, SPUBLISH, PUBSUB, and
 * keyspace notifications (notify-keyspace-events).
 */
public final class PubSubCommands {
    private final ServerContext server;
    private final PubSubRegistry registry;
    private volatile int notifyFlags;

    public PubSubCommands(ServerContext server, PubSubRegistry registry) {
        this.server = server;
        this.registry = registry;
        notifyFlags = (Integer) server.config().value("notify-keyspace-events");
        server.config().onChange("notify-keyspace-events", v -> notifyFlags = (Integer) v);
        server.setKeyspaceEvents(this::notifyKeyspaceEvent);
    }

    public void register(CommandTable t) {
        t.register("subscribe", (c, argv) -> subscribe(c, argv, PubSubRegistry.Kind.CHANNEL));
        t.register("psubscribe", (c, argv) -> subscribe(c, argv, PubSubRegistry.Kind.PATTERN));
        t.register("ssubscribe", (c, argv) -> subscribe(c, argv, PubSubRegistry.Kind.SHARD));
        t.register("unsubscribe", (c, argv) -> unsubscribe(c, argv, PubSubRegistry.Kind.CHANNEL));
        t.register("punsubscribe", (c, argv) -> unsubscribe(c, argv, PubSubRegistry.Kind.PATTERN));
        t.register("sunsubscribe", (c, argv) -> unsubscribe(c, argv, PubSubRegistry.Kind.SHARD));
        t.register("publish", (c, argv) -> {
            int n = registry.publish(argv[1], argv[2], false);
            c.forcePropagation();
            c.reply().integer(n);
        });
        t.register("spublish", (c, argv) -> c.reply().integer(registry.publish(argv[1], argv[2], true)));
        t.register("pubsub|channels", (c, argv) -> channels(c, argv, false));
        t.register("pubsub|shardchannels", (c, argv) -> channels(c, argv, true));
        t.register("pubsub|numsub", (c, argv) -> numsub(c, argv, false));
        t.register("pubsub|shardnumsub", (c, argv) -> numsub(c, argv, true));
        t.register("pubsub|numpat", (c, argv) -> c.reply().integer(registry.patternCount()));
        t.register("pubsub|help", this::help);
    }

    private void subscribe(Client c, byte[][] argv, PubSubRegistry.Kind k) {
        for (int i = 1; i < argv.length; i++) {
            registry.subscribe(c, argv[i], k);
        }
        c.addFlag(Client.FLAG_PUBSUB);
    }

    private void unsubscribe(Client c, byte[][] argv, PubSubRegistry.Kind k) {
        if (argv.length == 1) {
            registry.unsubscribeAll(c, k, true);
        } else {
            for (int i = 1; i < argv.length; i++) {
                registry.unsubscribe(c, argv[i], k, true);
            }
        }
        if (PubSubRegistry.of(c).total() == 0) {
            c.clearFlag(Client.FLAG_PUBSUB);
        }
    }

    private void channels(Client c, byte[][] argv, boolean shard) {
        if (argv.length > 3) {
            Help.syntaxError(c, argv);
            return;
        }
        byte[] pattern = argv.length == 3 ? argv[2] : null;
        Reply r = c.reply();
        Object h = r.deferArray();
        int n = 0;
        for (ByteBuffer ch : registry.channels(shard).keySet()) {
            if (pattern == null || Glob.matches(pattern, ch.array(), false)) {
                r.bulk(ch.array());
                n++;
            }
        }
        r.fixDeferred(h, n);
    }

    private void numsub(Client c, byte[][] argv, boolean shard) {
        Reply r = c.reply();
        r.array((argv.length - 2) * 2);
        Map<ByteBuffer, List<Client>> map = registry.channels(shard);
        for (int i = 2; i < argv.length; i++) {
            List<Client> l = map.get(ByteBuffer.wrap(argv[i]));
            r.bulk(argv[i]);
            r.integer(l == null ? 0 : l.size());
        }
    }

    private void help(Client c, byte[][] argv) {
        Help.reply(c, argv,
            "CHANNELS [<pattern>]",
            "    Return the currently active channels matching a <pattern> (default: '*').",
            "NUMPAT",
            "    Return number of subscriptions to patterns.",
            "NUMSUB [<channel> ...]",
            "    Return the number of subscribers for the specified channels, excluding",
            "    pattern subscriptions(default: no channels).",
            "SHARDCHANNELS [<pattern>]",
            "    Return the currently active shard level channels matching a <pattern> (default: '*').",
            "SHARDNUMSUB [<shardchannel> ...]",
            "    Return the number of subscribers for the specified shard level channel(s)");
    }

    /** notifyKeyspaceEvent: __keyspace@db__:key and __keyevent@db__:event, when the class is enabled. */
    void notifyKeyspaceEvent(int type, String event, byte[] key, int db) {
        int flags = notifyFlags;
        if ((flags & type) == 0) {
            return;
        }
        byte[] eventBytes = event.getBytes(StandardCharsets.ISO_8859_1);
        if ((flags & KeyspaceEventFlags.KEYSPACE) != 0) {
            registry.publish(concat("__keyspace@" + db + "__:", key), eventBytes, false);
        }
        if ((flags & KeyspaceEventFlags.KEYEVENT) != 0) {
            registry.publish(("__keyevent@" + db + "__:" + event).getBytes(StandardCharsets.ISO_8859_1), key,
                false);
        }
    }

    private static byte[] concat(String prefix, byte[] key) {
        byte[] p = prefix.getBytes(StandardCharsets.ISO_8859_1);
        byte[] out = new byte[p.length + key.length];
        System.arraycopy(p, 0, out, 0, p.length);
        System.arraycopy(key, 0, out, p.length, key.length);
        return out;
    }
}
