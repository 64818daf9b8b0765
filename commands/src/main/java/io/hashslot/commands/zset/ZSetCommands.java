package io.hashslot.commands.zset;

import io.hashslot.commands.CommandTable;
import io.hashslot.commands.ServerContext;

/**
 * The sorted set command family (registered from CommandFamilies): ZADD/ZINCRBY, lookups and counts, ranges and
 * ZRANGESTORE, removals, pops (blocking too), set operations, ZRANDMEMBER and ZSCAN, and the geo commands (places
 * stored as geohash scores), each group in its own class.
 */
public final class ZSetCommands {
    /** The family needs nothing node-wide beyond what each call's client reaches. */
    public ZSetCommands(ServerContext server) {
    }

    public void register(CommandTable t) {
        new ZAddCommand().register(t);
        new ZQueryCommands().register(t);
        new ZRangeCommands().register(t);
        new ZRemoveCommands().register(t);
        new ZPopCommands().register(t);
        new ZSetOperations().register(t);
        new ZRandScanCommands().register(t);
        new GeoCommands().register(t);
    }
}
