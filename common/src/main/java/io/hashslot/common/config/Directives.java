package io.hashslot.common.config;

import static io.hashslot.common.config.ConfigFlag.DENY_LOADING;
import static io.hashslot.common.config.ConfigFlag.HIDDEN;
import static io.hashslot.common.config.ConfigFlag.IMMUTABLE;
import static io.hashslot.common.config.ConfigFlag.MULTI_ARG;
import static io.hashslot.common.config.ConfigFlag.PROTECTED;
import static io.hashslot.common.config.ConfigFlag.SENSITIVE;
import static io.hashslot.common.config.ConfigFlag.VOLATILE;
import static io.hashslot.common.config.Directive.aliased;
import static io.hashslot.common.config.Directive.of;
import static io.hashslot.common.config.Types.BOOL;

import java.util.List;

/**
 * Every directive of Redis 7.0 (names, aliases, bounds, defaults and flags as Redis's config table has them), plus
 * the seeds' old names that Redis 7.0 dropped (hash-max-zipmap-*), which Hashslot still accepts as aliases. The
 * boolean after the default says whether Hashslot acts on the directive today; the others are accepted so that
 * existing redis.conf files load, and setting them is logged at verbose level.
 */
public final class Directives {
    private static final long INT_MAX = Integer.MAX_VALUE;
    private static final long INT_MIN = Integer.MIN_VALUE;
    private static final long LONG_MAX = Long.MAX_VALUE;
    private static final long UINT_MAX = 0xFFFFFFFFL;
    private static final long ULLONG_MAX = -1L;

    private Directives() {
    }

    private static Types.Str.Validator plainFile(String what, boolean dir) {
        return v -> {
            if (!dir && what.equals("dbfilename")) {
                if (v.contains("/")) {
                    throw new ConfigException("dbfilename can't be a path, just a filename");
                }
                return;
            }
            if (v.isEmpty()) {
                throw new ConfigException(what + " can't be empty");
            }
            if (v.contains("/")) {
                throw new ConfigException(what + (dir ? " can't be a path, just a dirname"
                    : " can't be a path, just a filename"));
            }
        };
    }

    private static final Types.Str.Validator HOSTNAME = v -> {
        if (v.length() >= 256) {
            throw new ConfigException("Hostnames must be less than 256 characters");
        }
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (!(Character.isLetterOrDigit(c) && c < 128) && c != '-' && c != '.') {
                throw new ConfigException("Hostnames may only contain alphanumeric characters, hyphens or dots");
            }
        }
    };

    /** SAVE (bit 1) and NOSAVE (bit 2) exclude each other. */
    private static final Types.Enum.Validator SHUTDOWN_FLAGS = flags -> {
        if ((flags & 1) != 0 && (flags & 2) != 0) {
            throw new ConfigException("shutdown options SAVE and NOSAVE can't be used simultaneously");
        }
    };

    /**
     * proc-title-template must expand (every {variable} known, braces closed) to something that is not blank.
     * Variables that can be empty at run time ({title} when checked, {server-mode} outside cluster mode,
     * {unixsocket} without a socket) count as empty.
     */
    private static final Types.Str.Validator PROC_TITLE = v -> {
        StringBuilder out = new StringBuilder();
        int p = 0;
        boolean ok = true;
        while (p < v.length()) {
            int sv = v.indexOf('{', p);
            if (sv < 0) {
                out.append(v, p, v.length());
                break;
            }
            out.append(v, p, sv);
            sv++;
            if (sv >= v.length()) {
                ok = false;
                break;
            }
            if (v.charAt(sv) == '{') {
                out.append('{');
                p = sv + 1;
                continue;
            }
            int ev = v.indexOf('}', sv);
            if (ev < 0) {
                ok = false;
                break;
            }
            switch (v.substring(sv, ev)) {
                case "title", "server-mode", "unixsocket" -> { }
                case "listen-addr", "config-file", "port", "tls-port" -> out.append('x');
                default -> ok = false;
            }
            if (!ok) {
                break;
            }
            p = ev + 1;
        }
        if (!ok || out.toString().strip().isEmpty() || out.toString().replace(" ", "").isEmpty()) {
            throw new ConfigException("template format is invalid or contains unknown variables");
        }
    };

    public static final List<Directive> ALL = List.of(
        // --- network and clients ---
        of("port", Types.integer(0, 65535), "6379", true),
        of("bind", SpecialTypes.BIND, "* -::*", true, MULTI_ARG),
        of("bind-source-addr", Types.nullableString(), "", false),
        of("protected-mode", BOOL, "yes", true),
        of("requirepass", Types.nullableString(), "", true, SENSITIVE),
        of("timeout", Types.integer(0, INT_MAX), "0", true),
        of("tcp-keepalive", Types.integer(0, INT_MAX), "300", true),
        of("tcp-backlog", Types.integer(0, INT_MAX), "511", true, IMMUTABLE),
        of("maxclients", Types.unsignedInteger(1, UINT_MAX), "10000", true),
        of("unixsocket", Types.nullableString(), "", false, IMMUTABLE),
        of("unixsocketperm", Types.octal(0, 0777), "0", false, IMMUTABLE),
        of("socket-mark-id", Types.unsignedInteger(0, UINT_MAX), "0", false, IMMUTABLE),
        of("proto-max-bulk-len", Types.memory(1024 * 1024, LONG_MAX), "536870912", true),
        of("client-query-buffer-limit", Types.memory(1024 * 1024, LONG_MAX), "1073741824", true),
        of("client-output-buffer-limit", SpecialTypes.CLIENT_OUTPUT_BUFFER_LIMIT,
            "normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60", true, MULTI_ARG),
        of("maxmemory-clients", Types.memoryOrPercent(-100, LONG_MAX), "0", false),
        of("io-threads", Types.integer(1, 128), "1", false, IMMUTABLE),
        of("io-threads-do-reads", BOOL, "no", false, IMMUTABLE),
        // --- general ---
        of("daemonize", BOOL, "no", true, IMMUTABLE),
        of("supervised", Types.oneOf("upstart", "systemd", "auto", "no"), "no", false, IMMUTABLE),
        of("pidfile", Types.nullableString(), "", true, IMMUTABLE),
        of("loglevel", Types.oneOf("debug", "verbose", "notice", "warning"), "notice", true),
        of("logfile", Types.string(), "", true, IMMUTABLE),
        of("syslog-enabled", BOOL, "no", false, IMMUTABLE),
        of("syslog-ident", Types.string(), "redis", false, IMMUTABLE),
        of("syslog-facility", Types.oneOf("user", "local0", "local1", "local2", "local3", "local4", "local5",
            "local6", "local7"), "local0", false, IMMUTABLE),
        of("crash-log-enabled", BOOL, "yes", false),
        of("crash-memcheck-enabled", BOOL, "yes", false),
        of("use-exit-on-panic", BOOL, "no", false, HIDDEN),
        of("databases", Types.integer(1, INT_MAX), "16", true, IMMUTABLE),
        of("always-show-logo", BOOL, "no", true, IMMUTABLE),
        of("set-proc-title", BOOL, "yes", false, IMMUTABLE),
        of("proc-title-template", Types.string(PROC_TITLE), "{title} {listen-addr} {server-mode}", false),
        of("enable-protected-configs", Types.oneOf("no", "yes", "local"), "no", true, IMMUTABLE),
        of("enable-debug-command", Types.oneOf("no", "yes", "local"), "no", true, IMMUTABLE),
        of("enable-module-command", Types.oneOf("no", "yes", "local"), "no", false, IMMUTABLE),
        of("hz", Types.integer(0, INT_MAX), "10", true),
        of("dynamic-hz", BOOL, "yes", false),
        of("ignore-warnings", Types.string(), "", false),
        of("disable-thp", BOOL, "yes", false, IMMUTABLE),
        of("jemalloc-bg-thread", BOOL, "yes", false),
        of("server_cpulist", Types.nullableString(), "", false, IMMUTABLE),
        of("bio_cpulist", Types.nullableString(), "", false, IMMUTABLE),
        of("aof_rewrite_cpulist", Types.nullableString(), "", false, IMMUTABLE),
        of("bgsave_cpulist", Types.nullableString(), "", false, IMMUTABLE),
        of("oom-score-adj", Types.oneOf("no", "yes", "absolute").alias("relative", "yes"), "no", false),
        of("oom-score-adj-values", SpecialTypes.OOM_SCORE_ADJ_VALUES, "0 200 800", false, MULTI_ARG),
        of("shutdown-timeout", Types.integer(0, INT_MAX), "10", false),
        of("shutdown-on-sigint", Types.flagsOf("default", "save", "nosave", "now", "force")
            .validator(SHUTDOWN_FLAGS), "default", true,
            MULTI_ARG),
        of("shutdown-on-sigterm", Types.flagsOf("default", "save", "nosave", "now", "force")
            .validator(SHUTDOWN_FLAGS), "default", true,
            MULTI_ARG),
        // --- snapshotting ---
        of("save", SpecialTypes.SAVE, "3600 1 300 100 60 10000", true, MULTI_ARG),
        of("stop-writes-on-bgsave-error", BOOL, "yes", true),
        of("rdbcompression", BOOL, "yes", true),
        of("rdbchecksum", BOOL, "yes", true, IMMUTABLE),
        of("sanitize-dump-payload", Types.oneOf("no", "yes", "clients"), "no", false),
        of("dbfilename", Types.string(plainFile("dbfilename", true)), "dump.rdb", false, PROTECTED),
        of("rdb-del-sync-files", BOOL, "no", false),
        of("dir", Types.string(), "", true, PROTECTED, DENY_LOADING),
        of("rdb-save-incremental-fsync", BOOL, "yes", false),
        of("rdb-key-save-delay", Types.integer(INT_MIN, INT_MAX), "0", false, HIDDEN),
        of("key-load-delay", Types.integer(INT_MIN, INT_MAX), "0", false, HIDDEN),
        of("loading-process-events-interval-bytes", Types.integer(1024, INT_MAX), "2097152", false, HIDDEN),
        // --- replication ---
        aliased("replicaof", "slaveof", SpecialTypes.REPLICAOF, "", false, IMMUTABLE, MULTI_ARG),
        of("masterauth", Types.nullableString(), "", false, SENSITIVE),
        of("masteruser", Types.nullableString(), "", false, SENSITIVE),
        aliased("replica-serve-stale-data", "slave-serve-stale-data", BOOL, "yes", false),
        aliased("replica-read-only", "slave-read-only", BOOL, "yes", false),
        of("repl-diskless-sync", BOOL, "yes", false),
        of("repl-diskless-sync-delay", Types.integer(0, INT_MAX), "5", false),
        of("repl-diskless-sync-max-replicas", Types.integer(0, INT_MAX), "0", false),
        of("repl-diskless-load", Types.oneOf("disabled", "on-empty-db", "swapdb"), "disabled", false,
            DENY_LOADING),
        aliased("repl-ping-replica-period", "repl-ping-slave-period", Types.integer(1, INT_MAX), "10", false),
        of("repl-timeout", Types.integer(1, INT_MAX), "60", false),
        of("repl-disable-tcp-nodelay", BOOL, "no", false),
        of("repl-backlog-size", Types.memory(1, LONG_MAX), "1048576", false),
        of("repl-backlog-ttl", Types.integer(0, LONG_MAX), "3600", false),
        aliased("replica-priority", "slave-priority", Types.integer(0, INT_MAX), "100", false),
        of("replica-announced", BOOL, "yes", false),
        aliased("min-replicas-to-write", "min-slaves-to-write", Types.integer(0, INT_MAX), "0", false),
        aliased("min-replicas-max-lag", "min-slaves-max-lag", Types.integer(0, INT_MAX), "10", false),
        aliased("replica-announce-ip", "slave-announce-ip", Types.nullableString(), "", false),
        aliased("replica-announce-port", "slave-announce-port", Types.integer(0, 65535), "0", false),
        aliased("replica-lazy-flush", "slave-lazy-flush", BOOL, "no", false),
        aliased("replica-ignore-maxmemory", "slave-ignore-maxmemory", BOOL, "yes", false),
        of("replica-ignore-disk-write-errors", BOOL, "no", false),
        of("propagation-error-behavior", Types.oneOf("ignore", "panic", "panic-on-replicas"), "ignore", false),
        // --- security ---
        of("aclfile", Types.string(), "", false, IMMUTABLE),
        of("acllog-max-len", Types.integer(0, LONG_MAX), "128", false),
        of("acl-pubsub-default", Types.oneOf("allchannels", "resetchannels"), "resetchannels", false),
        // --- memory ---
        of("maxmemory", Types.unsignedMemory(0, ULLONG_MAX), "0", true),
        of("maxmemory-policy", Types.oneOf("volatile-lru", "volatile-lfu", "volatile-random", "volatile-ttl",
            "allkeys-lru", "allkeys-lfu", "allkeys-random", "noeviction"), "noeviction", true),
        of("maxmemory-samples", Types.integer(1, INT_MAX), "5", true),
        of("maxmemory-eviction-tenacity", Types.integer(0, 100), "10", false),
        of("lfu-log-factor", Types.integer(0, INT_MAX), "10", true),
        of("lfu-decay-time", Types.integer(0, INT_MAX), "1", true),
        of("lazyfree-lazy-eviction", BOOL, "no", true),
        of("lazyfree-lazy-expire", BOOL, "no", true),
        of("lazyfree-lazy-server-del", BOOL, "no", false),
        of("lazyfree-lazy-user-del", BOOL, "no", true),
        of("lazyfree-lazy-user-flush", BOOL, "no", false),
        of("active-expire-effort", Types.integer(1, 10), "1", true),
        of("activerehashing", BOOL, "yes", false),
        // like a Redis built without its own jemalloc (the Debian build Hashslot is compared with)
        of("activedefrag", Types.boolRefusingYes("Active defragmentation cannot be enabled: it requires a Redis "
            + "server compiled with a modified Jemalloc like the one shipped by default with the Redis source "
            + "distribution"), "no", false),
        of("active-defrag-ignore-bytes", Types.memory(1, LONG_MAX), "104857600", false),
        of("active-defrag-threshold-lower", Types.integer(0, 1000), "10", false),
        of("active-defrag-threshold-upper", Types.integer(0, 1000), "100", false),
        of("active-defrag-cycle-min", Types.integer(1, 99), "1", false),
        of("active-defrag-cycle-max", Types.integer(1, 99), "25", false),
        of("active-defrag-max-scan-fields", Types.integer(1, LONG_MAX), "1000", false),
        // --- append only file ---
        of("appendonly", BOOL, "no", true, DENY_LOADING),
        of("appendfilename", Types.string(plainFile("appendfilename", true)), "appendonly.aof", false,
            IMMUTABLE),
        of("appenddirname", Types.string(plainFile("appenddirname", true)), "appendonlydir", true, IMMUTABLE),
        of("appendfsync", Types.oneOf("everysec", "always", "no"), "everysec", true),
        of("no-appendfsync-on-rewrite", BOOL, "no", true),
        of("auto-aof-rewrite-percentage", Types.integer(0, INT_MAX), "100", true),
        of("auto-aof-rewrite-min-size", Types.memory(0, LONG_MAX), "67108864", true),
        of("aof-load-truncated", BOOL, "yes", true),
        of("aof-use-rdb-preamble", BOOL, "yes", true),
        of("aof-timestamp-enabled", BOOL, "no", false),
        of("aof-rewrite-incremental-fsync", BOOL, "yes", false),
        of("aof-disable-auto-gc", BOOL, "no", true),
        // --- scripting ---
        aliased("busy-reply-threshold", "lua-time-limit", Types.integer(0, LONG_MAX), "5000", true),
        // --- cluster ---
        of("cluster-enabled", BOOL, "no", true, IMMUTABLE),
        of("cluster-config-file", Types.string(), "nodes.conf", true, IMMUTABLE),
        of("cluster-node-timeout", Types.integer(0, LONG_MAX), "15000", true),
        of("cluster-port", Types.integer(0, 65535), "0", true, IMMUTABLE),
        aliased("cluster-replica-validity-factor", "cluster-slave-validity-factor", Types.integer(0, INT_MAX),
            "10", false),
        of("cluster-migration-barrier", Types.integer(0, INT_MAX), "1", false),
        of("cluster-allow-replica-migration", BOOL, "yes", false),
        of("cluster-require-full-coverage", BOOL, "yes", true),
        aliased("cluster-replica-no-failover", "cluster-slave-no-failover", BOOL, "no", true),
        of("cluster-allow-reads-when-down", BOOL, "no", true),
        of("cluster-allow-pubsubshard-when-down", BOOL, "yes", true),
        of("cluster-link-sendbuf-limit", Types.unsignedMemory(0, ULLONG_MAX), "0", true),
        of("cluster-announce-ip", Types.nullableString(), "", true),
        of("cluster-announce-hostname", Types.nullableString(HOSTNAME), "", true),
        of("cluster-announce-port", Types.integer(0, 65535), "0", true),
        of("cluster-announce-bus-port", Types.integer(0, 65535), "0", true),
        of("cluster-announce-tls-port", Types.integer(0, 65535), "0", false),
        of("cluster-preferred-endpoint-type", Types.oneOf("ip", "hostname", "unknown-endpoint"), "ip", true),
        // --- slow log, latency ---
        of("slowlog-log-slower-than", Types.integer(-1, LONG_MAX), "10000", true),
        of("slowlog-max-len", Types.integer(0, LONG_MAX), "128", true),
        of("latency-monitor-threshold", Types.integer(0, LONG_MAX), "0", true),
        of("latency-tracking", BOOL, "yes", true),
        of("latency-tracking-info-percentiles", SpecialTypes.PERCENTILES, "50 99 99.9", true, MULTI_ARG),
        // --- events ---
        of("notify-keyspace-events", SpecialTypes.NOTIFY_KEYSPACE_EVENTS, "", true),
        // --- data type tuning ---
        aliased("hash-max-listpack-entries", "hash-max-ziplist-entries", Types.integer(0, LONG_MAX), "512", true),
        aliased("hash-max-listpack-value", "hash-max-ziplist-value", Types.memory(0, LONG_MAX), "64", true),
        aliased("list-max-listpack-size", "list-max-ziplist-size", Types.integer(INT_MIN, INT_MAX), "-2", true),
        of("list-compress-depth", Types.integer(0, INT_MAX), "0", false),
        of("set-max-intset-entries", Types.integer(0, LONG_MAX), "512", true),
        aliased("zset-max-listpack-entries", "zset-max-ziplist-entries", Types.integer(0, LONG_MAX), "128", true),
        aliased("zset-max-listpack-value", "zset-max-ziplist-value", Types.memory(0, LONG_MAX), "64", true),
        of("hll-sparse-max-bytes", Types.memory(0, LONG_MAX), "3000", true),
        of("stream-node-max-bytes", Types.memory(0, LONG_MAX), "4096", false),
        of("stream-node-max-entries", Types.integer(0, LONG_MAX), "100", false),
        of("tracking-table-max-keys", Types.integer(0, LONG_MAX), "1000000", false),
        // --- TLS (not supported; accepted so configs load) ---
        of("tls-port", Types.integer(0, 65535), "0", false),
        of("tls-cert-file", Types.nullableString(), "", false, VOLATILE),
        of("tls-key-file", Types.nullableString(), "", false, VOLATILE),
        of("tls-key-file-pass", Types.nullableString(), "", false),
        of("tls-client-cert-file", Types.nullableString(), "", false, VOLATILE),
        of("tls-client-key-file", Types.nullableString(), "", false, VOLATILE),
        of("tls-client-key-file-pass", Types.nullableString(), "", false),
        of("tls-dh-params-file", Types.nullableString(), "", false, VOLATILE),
        of("tls-ca-cert-file", Types.nullableString(), "", false, VOLATILE),
        of("tls-ca-cert-dir", Types.nullableString(), "", false, VOLATILE),
        of("tls-protocols", Types.nullableString(), "", false),
        of("tls-ciphers", Types.nullableString(), "", false),
        of("tls-ciphersuites", Types.nullableString(), "", false),
        of("tls-auth-clients", Types.oneOf("no", "yes", "optional"), "yes", false),
        of("tls-replication", BOOL, "no", false),
        of("tls-cluster", BOOL, "no", false),
        of("tls-prefer-server-ciphers", BOOL, "no", false),
        of("tls-session-caching", BOOL, "yes", false),
        of("tls-session-cache-size", Types.integer(0, INT_MAX), "20480", false),
        of("tls-session-cache-timeout", Types.integer(0, INT_MAX), "300", false),
        of("watchdog-period", Types.integer(0, INT_MAX), "0", false, HIDDEN)
    );

    /**
     * Names Redis 7.0 silently accepts in a config file without a value to keep (deprecated_configs), plus the
     * seeds' pre-listpack names, which Hashslot maps as aliases (see {@link #LEGACY_ALIASES}).
     */
    public static final List<String> IGNORED = List.of("list-max-ziplist-entries", "list-max-ziplist-value",
        "lua-replicate-commands");

    /** Redis 2.x names from the seeds' config files, accepted as aliases of their listpack successors. */
    public static final List<String[]> LEGACY_ALIASES = List.of(
        new String[] {"hash-max-zipmap-entries", "hash-max-listpack-entries"},
        new String[] {"hash-max-zipmap-value", "hash-max-listpack-value"});
}
