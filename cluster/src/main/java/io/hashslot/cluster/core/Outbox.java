package io.hashslot.cluster.core;

import io.hashslot.common.LogLevel;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Collects the core's outputs between two {@link ClusterNode#takeActions()} calls, and the "to do before sleep"
 * flags Redis keeps in {@code todo_before_sleep}.
 */
final class Outbox {
    static final int TODO_HANDLE_FAILOVER = 1;
    static final int TODO_UPDATE_STATE = 1 << 1;
    static final int TODO_SAVE_CONFIG = 1 << 2;
    static final int TODO_FSYNC_CONFIG = 1 << 3;
    static final int TODO_HANDLE_MANUALFAILOVER = 1 << 4;

    private List<ClusterAction> actions = new ArrayList<>();
    private final BitSet channelSlots = new BitSet();
    int todo;
    LogLevel verbosity = LogLevel.NOTICE;

    void add(ClusterAction action) {
        actions.add(action);
    }

    boolean logEnabled(LogLevel level) {
        return level.ordinal() >= verbosity.ordinal();
    }

    void log(LogLevel level, String line) {
        if (logEnabled(level)) {
            actions.add(new ClusterAction.Log(level, line));
        }
    }

    void todo(int flags) {
        todo |= flags;
    }

    void removeChannelsInSlot(int slot) {
        channelSlots.set(slot);
    }

    List<ClusterAction> take() {
        if (!channelSlots.isEmpty()) {
            actions.add(new ClusterAction.RemoveShardChannelsInSlots(channelSlots.stream().toArray()));
            channelSlots.clear();
        }
        List<ClusterAction> out = actions;
        actions = new ArrayList<>();
        return out;
    }

    boolean isEmpty() {
        return actions.isEmpty() && channelSlots.isEmpty();
    }
}
