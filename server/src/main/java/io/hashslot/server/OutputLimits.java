package io.hashslot.server;

import io.hashslot.commands.Client;
import io.hashslot.commands.ServerContext;
import io.hashslot.commands.server.ClientList;
import io.hashslot.common.config.SpecialTypes.BufferLimit;
import java.util.ArrayList;
import java.util.List;

/**
 * client-output-buffer-limit (Redis's checkClientOutputBufferLimits), checked by the cron: a client whose unsent
 * output reaches its class's hard limit, or stays at or above the soft limit for the soft seconds, is closed at
 * once with its output dropped. Classes: replicas, pub/sub clients, everyone else (normal; the master link too).
 * Without it a replica that stops reading would let its master's memory grow until the JVM runs out.
 */
final class OutputLimits {
    private OutputLimits() {
    }

    @SuppressWarnings("unchecked")
    static void enforce(ServerContext server, long now) {
        List<BufferLimit> limits = (List<BufferLimit>) server.config().value("client-output-buffer-limit");
        long nowSeconds = now / 1000;
        List<Client> over = new ArrayList<>();
        for (Client c : server.clients().all()) {
            int type = c.type() == Client.TYPE_MASTER ? Client.TYPE_NORMAL : c.type(); // the master link: normal
            BufferLimit limit = limits.get(type);
            if (limit.hard() == 0 && limit.soft() == 0) {
                continue;
            }
            long used = c.output().size() + c.connection().pendingOutputBytes();
            long hardBytes = limit.hard();
            if (type == Client.TYPE_REPLICA) {
                used = server.replication().replicaBufferBytes(c, used);
                // a replica limit below the backlog is ignored: the backlog's size applies
                hardBytes = hardBytes == 0 ? 0 : Math.max(hardBytes, server.config().getLong("repl-backlog-size"));
            }
            boolean hard = hardBytes > 0 && used >= hardBytes;
            boolean soft = limit.soft() > 0 && used >= limit.soft();
            if (soft) {
                if (c.softLimitSince() == 0) {
                    c.setSoftLimitSince(nowSeconds);
                    soft = false; // first time over the soft limit
                } else {
                    soft = nowSeconds - c.softLimitSince() > limit.softSeconds();
                }
            } else {
                c.setSoftLimitSince(0);
            }
            if (hard || soft) {
                over.add(c);
            }
        }
        for (Client c : over) {
            server.log().warning("Client " + ClientList.line(server, c)
                + " scheduled to be closed ASAP for overcoming of output buffer limits.");
            c.addFlag(Client.FLAG_CLOSE_ASAP);
            server.replication().clientGone(c);
            c.connection().closeNow();
        }
    }
}
