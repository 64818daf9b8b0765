package io.hashslot.commands.pubsub;

import io.hashslot.commands.Client;
import io.hashslot.common.Glob;
import io.hashslot.protocol.Reply;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Who listens to what: channel subscribers, pattern subscribers and shard-channel subscribers, in subscription
 * order, and each client's own subscriptions. Delivers messages in Redis's formats (RESP2 arrays, RESP3 pushes).
 */
public final class PubSubRegistry {
    /** A client's subscriptions (kept on the client). */
    static final class ClientSubscriptions {
        final Set<ByteBuffer> channels = new LinkedHashSet<>();
        final Set<ByteBuffer> patterns = new LinkedHashSet<>();
        final Set<ByteBuffer> shardChannels = new LinkedHashSet<>();

        int count() {
            return channels.size() + patterns.size();
        }

        int total() {
            return count() + shardChannels.size();
        }
    }

    /** The kind of subscription, with the words Redis uses in its replies. */
    enum Kind {
        CHANNEL("subscribe", "unsubscribe", "message"),
        PATTERN("psubscribe", "punsubscribe", "pmessage"),
        SHARD("ssubscribe", "sunsubscribe", "smessage");

        final byte[] subscribe;
        final byte[] unsubscribe;
        final byte[] message;

        Kind(String subscribe, String unsubscribe, String message) {
            this.subscribe = subscribe.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            this.unsubscribe = unsubscribe.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            this.message = message.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        }
    }

    private final Map<ByteBuffer, List<Client>> channels = new LinkedHashMap<>();
    private final Map<ByteBuffer, List<Client>> patterns = new LinkedHashMap<>();
    private final Map<ByteBuffer, List<Client>> shardChannels = new LinkedHashMap<>();

    static ClientSubscriptions of(Client c) {
        ClientSubscriptions s = c.pubsub();
        if (s == null) {
            s = new ClientSubscriptions();
            c.setPubsub(s);
        }
        return s;
    }

    private Map<ByteBuffer, List<Client>> server(Kind k) {
        return switch (k) {
            case CHANNEL -> channels;
            case PATTERN -> patterns;
            case SHARD -> shardChannels;
        };
    }

    private static Set<ByteBuffer> mine(ClientSubscriptions s, Kind k) {
        return switch (k) {
            case CHANNEL -> s.channels;
            case PATTERN -> s.patterns;
            case SHARD -> s.shardChannels;
        };
    }

    private static int countFor(ClientSubscriptions s, Kind k) {
        return k == Kind.SHARD ? s.shardChannels.size() : s.count();
    }

    void subscribe(Client c, byte[] name, Kind k) {
        ClientSubscriptions s = of(c);
        ByteBuffer key = ByteBuffer.wrap(name);
        if (mine(s, k).add(key)) {
            server(k).computeIfAbsent(key, x -> new ArrayList<>()).add(c);
        }
        Reply r = confirmationTarget(c);
        header(r, c, 3);
        r.bulk(k.subscribe);
        r.bulk(name);
        r.integer(countFor(s, k));
    }

    /** Unsubscribes one name; replies when {@code notify}. Returns whether it was subscribed. */
    boolean unsubscribe(Client c, byte[] name, Kind k, boolean notify) {
        ClientSubscriptions s = of(c);
        ByteBuffer key = ByteBuffer.wrap(name);
        boolean was = mine(s, k).remove(key);
        if (was) {
            List<Client> l = server(k).get(key);
            l.remove(c);
            if (l.isEmpty()) {
                server(k).remove(key);
            }
        }
        if (notify) {
            Reply r = confirmationTarget(c);
            header(r, c, 3);
            r.bulk(k.unsubscribe);
            r.bulk(name);
            r.integer(countFor(s, k));
        }
        return was;
    }

    /** Unsubscribes from everything of a kind; with {@code notify} and nothing to drop, replies with a null name. */
    int unsubscribeAll(Client c, Kind k, boolean notify) {
        ClientSubscriptions s = of(c);
        List<ByteBuffer> names = new ArrayList<>(mine(s, k));
        int n = 0;
        for (ByteBuffer b : names) {
            if (unsubscribe(c, b.array(), k, notify)) {
                n++;
            }
        }
        if (notify && n == 0) {
            Reply r = confirmationTarget(c);
            header(r, c, 3);
            r.bulk(k.unsubscribe);
            r.nullBulk();
            r.integer(countFor(s, k));
        }
        return n;
    }

    /**
     * Where a (un)subscribe confirmation goes: like published messages, it reaches the client even under CLIENT
     * REPLY OFF/SKIP (Redis marks pub/sub output as pushing, which bypasses the reply mode), in RESP2 and RESP3.
     */
    private static Reply confirmationTarget(Client c) {
        if (c.replyMode() == Client.ReplyMode.OFF || c.replyMode() == Client.ReplyMode.SKIP) {
            return c.encoder();
        }
        return c.reply();
    }

    private static void header(Reply r, Client c, int n) {
        if (c.protocol() == 2) {
            r.array(n);
        } else {
            r.push(n);
        }
    }

    /** Publishes to channel (or shard channel) subscribers and, for plain channels, matching patterns. */
    public int publish(byte[] channel, byte[] message, boolean shard) {
        int receivers = 0;
        List<Client> subs = (shard ? shardChannels : channels).get(ByteBuffer.wrap(channel));
        Kind k = shard ? Kind.SHARD : Kind.CHANNEL;
        if (subs != null) {
            for (Client c : subs) {
                var e = c.encoder();
                header(e, c, 3);
                e.bulk(k.message);
                e.bulk(channel);
                e.bulk(message);
                c.connection().requestFlush();
                receivers++;
            }
        }
        if (shard) {
            return receivers;
        }
        for (Map.Entry<ByteBuffer, List<Client>> p : patterns.entrySet()) {
            byte[] pattern = p.getKey().array();
            if (!Glob.matches(pattern, channel, false)) {
                continue;
            }
            for (Client c : p.getValue()) {
                var e = c.encoder();
                header(e, c, 4);
                e.bulk(Kind.PATTERN.message);
                e.bulk(pattern);
                e.bulk(channel);
                e.bulk(message);
                c.connection().requestFlush();
                receivers++;
            }
        }
        return receivers;
    }

    /**
     * Drops every subscription to the shard channels {@code drop} selects, telling each subscriber with a
     * sunsubscribe message (a cluster node whose shard lost the channels' slots; Redis's
     * pubsubShardUnsubscribeAllClients).
     */
    public void removeShardChannels(java.util.function.Predicate<byte[]> drop) {
        for (ByteBuffer key : new ArrayList<>(shardChannels.keySet())) {
            if (!drop.test(key.array())) {
                continue;
            }
            for (Client c : new ArrayList<>(shardChannels.get(key))) {
                unsubscribe(c, key.array(), Kind.SHARD, true);
                if (of(c).total() == 0) {
                    c.clearFlag(Client.FLAG_PUBSUB);
                }
                c.connection().requestFlush();
            }
        }
    }

    /** Drops every subscription of a closing or RESET client, without replies. */
    public void forget(Client c) {
        if (c.pubsub() == null) {
            return;
        }
        unsubscribeAll(c, Kind.CHANNEL, false);
        unsubscribeAll(c, Kind.PATTERN, false);
        unsubscribeAll(c, Kind.SHARD, false);
        c.clearFlag(Client.FLAG_PUBSUB);
    }

    Map<ByteBuffer, List<Client>> channels(boolean shard) {
        return shard ? shardChannels : channels;
    }

    int patternCount() {
        return patterns.size();
    }

    /** Subscriber counts for INFO and CLIENT LIST: channels, patterns, shard channels of a client. */
    public static int[] clientCounts(Client c) {
        ClientSubscriptions s = c.pubsub();
        if (s == null) {
            return new int[3];
        }
        return new int[] {s.channels.size(), s.patterns.size(), s.shardChannels.size()};
    }

    /** Server-wide counts: channels, patterns, shard channels. */
    public int[] serverCounts() {
        return new int[] {channels.size(), patterns.size(), shardChannels.size()};
    }
}
