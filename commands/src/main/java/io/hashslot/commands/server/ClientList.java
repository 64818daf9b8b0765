package io.hashslot.commands.server;

import io.hashslot.commands.Client;
import io.hashslot.commands.CommandSpec;
import io.hashslot.commands.ServerContext;
import io.hashslot.commands.SubscriptionCounts;
import io.hashslot.commands.Transactions;

/** One CLIENT LIST / CLIENT INFO line, with Redis 7.0's fields in its order. */
public final class ClientList {
    private ClientList() {
    }

    static String flags(Client c) {
        StringBuilder f = new StringBuilder();
        if (c.hasFlag(Client.FLAG_MONITOR)) {
            f.append('O');
        } else if (c.hasFlag(Client.FLAG_REPLICA)) {
            f.append('S');
        }
        if (c.hasFlag(Client.FLAG_MASTER)) {
            f.append('M');
        }
        if (c.hasFlag(Client.FLAG_PUBSUB)) {
            f.append('P');
        }
        if (c.hasFlag(Client.FLAG_MULTI)) {
            f.append('x');
        }
        if (c.hasFlag(Client.FLAG_BLOCKED)) {
            f.append('b');
        }
        if (c.hasFlag(Client.FLAG_DIRTY_CAS)) {
            f.append('d');
        }
        if (c.hasFlag(Client.FLAG_CLOSE_AFTER_REPLY)) {
            f.append('c');
        }
        if (c.hasFlag(Client.FLAG_CLOSE_ASAP)) {
            f.append('A');
        }
        if (c.hasFlag(Client.FLAG_READONLY)) {
            f.append('r');
        }
        if (c.hasFlag(Client.FLAG_NO_EVICT)) {
            f.append('e');
        }
        return f.length() == 0 ? "N" : f.toString();
    }

    static long argvBytes(byte[][] argv) {
        long n = 0;
        if (argv != null) {
            for (byte[] a : argv) {
                n += a.length;
            }
        }
        return n;
    }

    public static String line(ServerContext server, Client c) {
        long nowSeconds = server.clock().currentTimeMillis() / 1000;
        int sub = 0;
        int psub = 0;
        int ssub = 0;
        if (c.pubsub() instanceof SubscriptionCounts counts) {
            sub = counts.channels();
            psub = counts.patterns();
            ssub = counts.shardChannels();
        }
        long qbuf = c.queryBufferBytes();
        long qbufFree = qbuf == 0 ? 0 : Math.max(0, 16 * 1024 - qbuf);
        long argvMem = argvBytes(c.currentArgv());
        long multiMem = Transactions.queuedBytes(c);
        long rbs = c.output().capacity();
        long obl = c.output().size();
        long totMem = Client.BASE_MEMORY + qbuf + qbufFree + argvMem + multiMem + rbs;
        CommandSpec last = c.lastCommand();
        return "id=" + c.id()
            + " addr=" + c.connection().remoteAddress()
            + " laddr=" + c.connection().localAddress()
            + " fd=" + c.connection().fd()
            + " name=" + (c.name() == null ? "" : c.name())
            + " age=" + (nowSeconds - c.createdMillis() / 1000)
            + " idle=" + (nowSeconds - c.lastInteractionMillis() / 1000)
            + " flags=" + flags(c)
            + " db=" + c.dbIndex()
            + " sub=" + sub
            + " psub=" + psub
            + " ssub=" + ssub
            + " multi=" + Transactions.queuedCount(c)
            + " qbuf=" + qbuf
            + " qbuf-free=" + qbufFree
            + " argv-mem=" + argvMem
            + " multi-mem=" + multiMem
            + " rbs=" + rbs
            + " rbp=" + obl
            + " obl=" + obl
            + " oll=0"
            + " omem=0"
            + " tot-mem=" + totMem
            + " events=r"
            + " cmd=" + (last == null ? "NULL" : last.fullName())
            + " user=" + c.user()
            + " redir=-1"
            + " resp=" + c.protocol();
    }
}
