package io.hashslot.tools.cluster;

import java.util.ArrayList;
import java.util.List;

/** The --cluster-* options of one admin run (defaults as redis-cli 7.0: timeout 60000, pipeline 10, threshold 2). */
public final class AdminOptions {
    public int replicas;
    public String masterId;
    public String from;
    public String to;
    public String fromUser;
    public String fromPass;
    public boolean fromAskpass;
    public List<String> weights = new ArrayList<>();
    public int slots;
    public int timeout = 60000;
    public int pipeline = 10;
    public double threshold = 2;
    public boolean yes;
    public boolean simulate;
    public boolean replace;
    public boolean copy;
    public boolean slave;
    public boolean useEmptyMasters;
    public boolean searchMultipleOwners;
    public boolean fixWithUnreachableMasters;
    public boolean onlyMasters;
    public boolean onlyReplicas;
    public boolean verbose;
    /** How often reshard, rebalance and import print their progress summary line (ours, not redis-cli's). */
    public long progressMillis = 5000;
    /** -a / --pass and --user for the cluster nodes. */
    public String auth;
    public String user;
    /** Set by the fix command. */
    boolean fix;
}
