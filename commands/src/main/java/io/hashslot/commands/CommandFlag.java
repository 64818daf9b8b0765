package io.hashslot.commands;

import java.util.Locale;

/** Command flags as COMMAND INFO names them. Each is one bit of {@link CommandSpec#flags()}. */
public enum CommandFlag {
    WRITE, READONLY, DENYOOM, MODULE, ADMIN, PUBSUB, NOSCRIPT, BLOCKING, LOADING, STALE, SKIP_MONITOR,
    SKIP_SLOWLOG, ASKING, FAST, NO_AUTH, MAY_REPLICATE, SENTINEL, ONLY_SENTINEL, NO_MANDATORY_KEYS, PROTECTED,
    MODULE_GETKEYS, MODULE_NO_CLUSTER, NO_ASYNC_LOADING, NO_MULTI, MOVABLEKEYS, ALLOW_BUSY;

    public long bit() {
        return 1L << ordinal();
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static CommandFlag fromWire(String s) {
        return valueOf(s.toUpperCase(Locale.ROOT));
    }
}
