package io.hashslot.cluster.route;

import io.hashslot.common.HashSlot;
import java.util.Arrays;
import java.util.function.Predicate;

/**
 * Redis 7.0's per-command routing decision (getNodeByQuery + clusterRedirectClient) as a pure function of the
 * cluster view, the command and the client flags. The caller decides whether routing applies at all (not for the
 * master's replication stream or the AOF loader, and not for commands without key arguments other than EXEC).
 */
public final class Router {
    private Router() {
    }

    /**
     * @param keyExists whether a key exists in DB 0 (looked up without touching, expiring or counting); asked only
     *                  for slots being migrated or imported
     */
    public static Redirect route(RoutingView view, RouteRequest req, Predicate<byte[]> keyExists) {
        if (req.exec() && !req.inMulti()) {
            return Redirect.NONE;
        }
        NodeEndpoint me = view.me();
        NodeEndpoint owner = null;
        byte[] firstKey = null;
        int slot = 0;
        boolean multipleKeys = false;
        boolean migratingSlot = false;
        boolean importingSlot = false;
        int missingKeys = 0;
        int existingKeys = 0;
        for (byte[] key : req.keys()) {
            int thisSlot = HashSlot.of(key);
            if (firstKey == null) {
                firstKey = key;
                slot = thisSlot;
                owner = view.slotOwner(slot);
                if (owner == null) {
                    return new Redirect.DownUnbound();
                }
                if (same(owner, me) && view.migratingTo(slot) != null) {
                    migratingSlot = true;
                } else if (view.importingFrom(slot) != null) {
                    importingSlot = true;
                }
            } else if (!Arrays.equals(firstKey, key)) {
                if (slot != thisSlot) {
                    return new Redirect.CrossSlot();
                }
                multipleKeys = true;
            }
            if ((migratingSlot || importingSlot) && !req.pubsubShard()) {
                if (keyExists.test(key)) {
                    existingKeys++;
                } else {
                    missingKeys++;
                }
            }
        }
        if (owner == null) {
            return Redirect.NONE;
        }
        if (!view.stateOk()) {
            if (req.pubsubShard()) {
                if (!view.allowPubsubshardWhenDown()) {
                    return new Redirect.DownState();
                }
            } else if (!view.allowReadsWhenDown()) {
                return new Redirect.DownState();
            } else if (req.writeCommand()) {
                return new Redirect.DownReadOnlyState();
            }
        }
        if ((migratingSlot || importingSlot) && req.migrate()) {
            return Redirect.NONE;
        }
        if (migratingSlot && missingKeys > 0) {
            if (existingKeys > 0) {
                return new Redirect.TryAgain();
            }
            NodeEndpoint target = view.migratingTo(slot);
            return new Redirect.Ask(slot, view.preferredEndpoint(target), port(target, req));
        }
        if (importingSlot && (req.clientAsking() || req.askingCommand())) {
            if (multipleKeys && missingKeys > 0) {
                return new Redirect.TryAgain();
            }
            return Redirect.NONE;
        }
        boolean isWrite = req.writeCommand() || (req.exec() && req.execHasWrite());
        if ((req.clientReadonly() || req.pubsubShard()) && !isWrite && view.myMaster() != null
            && same(view.myMaster(), owner)) {
            return Redirect.NONE;
        }
        if (!same(owner, me)) {
            return new Redirect.Moved(slot, view.preferredEndpoint(owner), port(owner, req));
        }
        return Redirect.NONE;
    }

    /**
     * clusterRedirectBlockedClientIfNeeded for a client blocked on keys of {@code slot}: DownState when the cluster
     * failed, DownUnbound or MOVED when the slot is no longer served here (and not being imported), else NONE.
     */
    public static Redirect routeBlocked(RoutingView view, int slot, boolean clientReadonly, boolean lastCommandWrite,
                                        boolean usePlaintextPort) {
        if (!view.stateOk()) {
            return new Redirect.DownState();
        }
        NodeEndpoint node = view.slotOwner(slot);
        NodeEndpoint me = view.me();
        if (clientReadonly && !lastCommandWrite && view.myMaster() != null && same(view.myMaster(), node)) {
            node = me;
        }
        if (!same(node, me) && view.importingFrom(slot) == null) {
            if (node == null) {
                return new Redirect.DownUnbound();
            }
            int port = usePlaintextPort && node.pport() != 0 ? node.pport() : node.port();
            return new Redirect.Moved(slot, view.preferredEndpoint(node), port);
        }
        return Redirect.NONE;
    }

    private static int port(NodeEndpoint n, RouteRequest req) {
        return req.usePlaintextPort() && n.pport() != 0 ? n.pport() : n.port();
    }

    private static boolean same(NodeEndpoint a, NodeEndpoint b) {
        if (a == b) {
            return true;
        }
        return a != null && b != null && a.name().equals(b.name());
    }
}
