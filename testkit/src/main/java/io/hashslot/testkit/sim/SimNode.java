package io.hashslot.testkit.sim;

import io.hashslot.cluster.core.ClusterNode;
import io.hashslot.cluster.core.DataProbe;
import java.util.ArrayList;
import java.util.List;

/**
 * One simulated node: its cluster core, its address, what it asked to persist, and counters. A killed node keeps
 * its last saved nodes.conf so it can be restarted from it.
 */
public final class SimNode implements DataProbe {
    final int index;
    final String ip;
    final int port;
    final int cport;
    ClusterNode core;
    boolean alive = true;
    /** Last nodes.conf content the core saved. */
    String savedConfig;
    int saves;
    long bytesSent;
    long framesSent;
    long framesDropped;
    long framesDuplicated;
    long framesReordered;
    /** Replication target the core asked for (null when none). */
    String replicatingFrom;
    final List<String> log = new ArrayList<>();
    long maxCurrentEpoch;
    long maxConfigEpoch;
    /** Replication offset (see {@link SimReplication}). */
    long offset;
    /** Writes are paused until then (manual failover on a master). */
    long pausedUntil;
    /** The process is stopped until then (see {@link SimCluster#freeze}). */
    long frozenUntil;
    /** When the link to the master went down, 0 while up. */
    long linkDownSince;
    /** Config epoch and slot count last registered with the ownership invariant. */
    long claimedEpoch = -1;
    int claimedSlots = -1;
    java.util.function.LongSupplier clock = () -> 0;
    java.util.function.UnaryOperator<io.hashslot.cluster.core.ClusterSettings> settingsChange = s -> s;

    SimNode(int index, String ip, int port) {
        this.index = index;
        this.ip = ip;
        this.port = port;
        this.cport = port + 10000;
    }

    public ClusterNode core() {
        return core;
    }

    /** Frames this node sent that the network delivered twice. */
    public long framesDuplicated() {
        return framesDuplicated;
    }

    /** Frames this node sent that the network let out of their connection's order. */
    public long framesReordered() {
        return framesReordered;
    }

    public int index() {
        return index;
    }

    public int port() {
        return port;
    }

    public boolean alive() {
        return alive;
    }

    public String savedConfig() {
        return savedConfig;
    }

    public long bytesSent() {
        return bytesSent;
    }

    public List<String> log() {
        return log;
    }

    public String name() {
        return core.myself().name();
    }

    @Override
    public long countKeysInSlot(int slot) {
        return 0;
    }

    @Override
    public long db0Size() {
        return 0;
    }

    @Override
    public long replicationOffset() {
        return offset;
    }

    /** The replication offset the simulator's replication model gives this node. */
    public long offset() {
        return offset;
    }

    /** The master this node replicates from (by name), null when it replicates from nobody. */
    public String replicatingFrom() {
        return replicatingFrom;
    }

    public boolean writesPaused() {
        return clock.getAsLong() < pausedUntil;
    }

    @Override
    public long masterLinkDownMillis() {
        return linkDownSince == 0 ? 0 : clock.getAsLong() - linkDownSince;
    }

    @Override
    public boolean replicationMasterSet() {
        return replicatingFrom != null;
    }

    @Override
    public String toString() {
        return "node" + index + "(" + port + ")";
    }
}
