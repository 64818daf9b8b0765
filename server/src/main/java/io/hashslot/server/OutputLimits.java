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
        List<Client> over = new ArrayList<>();
        for (Client c : server.clients().all()) {
            BufferLimit limit = limits.get(classOf(c));
            if (limit.hard() == 0 && limit.soft() == 0) {
                continue;
            }
            long used = c.output().size() + c.connection().pendingOutputBytes();
            if (classOf(c) == 1) {
                used = server.replication().replicaBufferBytes(c, used);
            }
            boolean hard = limit.hard() > 0 && used >= limit.hard();
            boolean soft = limit.soft() > 0 && used >= limit.soft();
            if (soft && !hard) {
                if (c.softLimitSince() == 0) {
                    c.setSoftLimitSince(now);
                    soft = false;
                } else {
                    soft = now - c.softLimitSince() >= limit.softSeconds() * 1000;
                }
            } else if (!soft) {
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

    /** getClientType, with the master link counted as normal: 0 normal, 1 replica, 2 pub/sub. */
    private static int classOf(Client c) {
        if (c.hasFlag(Client.FLAG_REPLICA) && !c.hasFlag(Client.FLAG_MONITOR)) {
            return 1;
        }
        return c.hasFlag(Client.FLAG_PUBSUB) ? 2 : 0;
    }
}
