package io.hashslot.cluster.core;

import io.hashslot.cluster.bus.MessageBody;
import io.hashslot.cluster.bus.SlotBitmap;
import io.hashslot.common.LogLevel;
import java.util.Arrays;

/**
 * Slot ownership learned from the bus: a master's claimed slots under its config epoch
 * (clusterUpdateSlotsConfigWith), the UPDATE message that corrects a node claiming slots with a stale epoch, and
 * the UPDATE a node receives.
 */
final class SlotUpdates {
    private final ClusterNode c;

    SlotUpdates(ClusterNode c) {
        this.c = c;
    }

    /**
     * Rebinds every slot {@code sender} claims that is unassigned, unclaimed or owned under an older epoch (unless
     * the slot is importing here); then follows the new owner if my shard lost its last slot to it, or drops the
     * keys of slots taken away from me.
     */
    void updateSlotsConfigWith(KnownNode sender, long senderConfigEpoch, SlotBitmap claimed) {
        NodeTable t = c.table;
        KnownNode myself = t.myself;
        KnownNode curMaster = myself.isMaster() ? myself : myself.master;
        KnownNode newMaster = null;
        int[] dirty = new int[16];
        int dirtyCount = 0;
        int senderSlots = 0;
        int migratedOurSlots = 0;
        if (sender == myself) {
            c.out.log(LogLevel.WARNING, "Discarding UPDATE message about myself.");
            return;
        }
        for (int j = 0; j < NodeTable.SLOTS; j++) {
            if (claimed.get(j)) {
                senderSlots++;
                if (t.slots[j] == sender) {
                    t.ownerNotClaiming.clear(j);
                    continue;
                }
                if (t.importing[j] != null) {
                    continue;
                }
                if (t.isSlotUnclaimed(j) || Long.compareUnsigned(t.slots[j].configEpoch, senderConfigEpoch) < 0) {
                    if (t.slots[j] == myself && c.probe.countKeysInSlot(j) > 0) {
                        if (dirtyCount == dirty.length) {
                            dirty = Arrays.copyOf(dirty, dirtyCount * 2);
                        }
                        dirty[dirtyCount++] = j;
                    }
                    if (curMaster != null && t.slots[j] == curMaster) {
                        newMaster = sender;
                        migratedOurSlots++;
                    }
                    t.delSlot(j);
                    t.addSlot(sender, j);
                    t.ownerNotClaiming.clear(j);
                    c.out.todo(Outbox.TODO_SAVE_CONFIG | Outbox.TODO_UPDATE_STATE | Outbox.TODO_FSYNC_CONFIG);
                }
            } else if (t.slots[j] == sender) {
                t.ownerNotClaiming.set(j);
            }
        }
        if (newMaster != null && curMaster.numSlots == 0
            && (c.settings.allowReplicaMigration() || senderSlots == migratedOurSlots)) {
            c.out.log(LogLevel.WARNING, "Configuration change detected. Reconfiguring myself as a replica of "
                + sender.name);
            c.setMaster(sender);
            c.out.todo(Outbox.TODO_SAVE_CONFIG | Outbox.TODO_UPDATE_STATE | Outbox.TODO_FSYNC_CONFIG);
        } else if (myself.master != null && myself.master.master != null && myself.master.master != myself) {
            c.out.log(LogLevel.WARNING, "I'm a sub-replica! Reconfiguring myself as a replica of grandmaster "
                + myself.master.master.name);
            c.setMaster(myself.master.master);
            c.out.todo(Outbox.TODO_SAVE_CONFIG | Outbox.TODO_UPDATE_STATE | Outbox.TODO_FSYNC_CONFIG);
        } else if (dirtyCount > 0) {
            c.out.add(new ClusterAction.DeleteKeysInSlots(Arrays.copyOf(dirty, dirtyCount)));
        }
    }

    /**
     * The sender claims a slot that a node with a greater config epoch owns (and still claims): send it one UPDATE
     * about that owner.
     */
    void sendUpdateIfStale(KnownNode sender, long senderConfigEpoch, SlotBitmap claimed) {
        NodeTable t = c.table;
        for (int j = claimed.nextSetBit(0); j >= 0; j = claimed.nextSetBit(j + 1)) {
            if (t.slots[j] == sender || t.isSlotUnclaimed(j)) {
                continue;
            }
            if (Long.compareUnsigned(t.slots[j].configEpoch, senderConfigEpoch) > 0) {
                c.out.log(LogLevel.VERBOSE, "Node " + sender.name + " has old slots configuration, sending an UPDATE"
                    + " message about " + t.slots[j].name);
                c.messages.sendUpdate(sender.link, t.slots[j]);
                return;
            }
        }
    }

    /** An UPDATE from a known sender about a known node with a newer config epoch. */
    void onUpdate(MessageBody.Update u, long now) {
        NodeTable t = c.table;
        KnownNode n = t.lookup(u.nodeName());
        if (n == null || Long.compareUnsigned(n.configEpoch, u.configEpoch()) >= 0) {
            return;
        }
        if (n.isReplica()) {
            t.setNodeAsMaster(n);
        }
        n.configEpoch = u.configEpoch();
        c.out.todo(Outbox.TODO_SAVE_CONFIG | Outbox.TODO_FSYNC_CONFIG);
        updateSlotsConfigWith(n, u.configEpoch(), u.slots());
    }
}
