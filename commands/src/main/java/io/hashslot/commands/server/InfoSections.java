package io.hashslot.commands.server;

import io.hashslot.commands.Client;
import io.hashslot.commands.ServerContext;
import io.hashslot.commands.Stats;
import io.hashslot.store.Db;
import io.hashslot.store.Values;
import java.util.Locale;

/**
 * The INFO sections with fixed field lists (server, clients, memory, persistence, stats, replication, cpu).
 * Fields for features Hashslot does not have report what an idle Redis reports for them (no RDB or AOF
 * activity, no replicas, no Lua engine, no active defragmentation).
 */
final class InfoSections {
    private final ServerContext server;
    private final String replId;
    private final String buildId;

    InfoSections(ServerContext server, String replId) {
        this.server = server;
        this.replId = replId;
        this.buildId = String.format("%016x", (long) ServerContext.HASHSLOT_VERSION.hashCode() * 0x9E3779B97F4A7C15L);
    }

    private static final class Lines {
        private final StringBuilder sb;

        Lines(String title) {
            sb = new StringBuilder("# ").append(title).append("\r\n");
        }

        Lines add(String name, Object value) {
            sb.append(name).append(':').append(value).append("\r\n");
            return this;
        }

        Lines add(String name, String format, Object... args) {
            return add(name, String.format(Locale.ROOT, format, args));
        }

        @Override
        public String toString() {
            return sb.toString();
        }
    }

    /** Microseconds since the epoch, from the node clock plus the sub-millisecond part of the monotonic clock. */
    private long nowMicros() {
        return server.clock().currentTimeMillis() * 1000 + (server.clock().nanoTime() / 1000) % 1000;
    }

    private static String machine() {
        String arch = System.getProperty("os.arch", "");
        return switch (arch) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "aarch64";
            default -> arch;
        };
    }

    String server() {
        long now = server.clock().currentTimeMillis();
        long uptime = now / 1000 - server.startMillis() / 1000;
        int hz = Math.max(1, Math.min(500, server.config().getInt("hz")));
        String supervised = server.config().getString("supervised");
        String sup = switch (supervised) {
            case "upstart", "systemd" -> supervised;
            default -> "no";
        };
        return new Lines("Server")
            .add("redis_version", ServerContext.REDIS_VERSION)
            .add("redis_git_sha1", "00000000")
            .add("redis_git_dirty", 0)
            .add("redis_build_id", buildId)
            .add("redis_mode", server.config().getBool("cluster-enabled") ? "cluster" : "standalone")
            .add("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + machine())
            .add("arch_bits", 64)
            .add("monotonic_clock", "POSIX clock_gettime")
            .add("multiplexing_api", server.hooks().multiplexingApi())
            .add("atomicvar_api", "c11-builtin")
            .add("gcc_version", "0.0.0")
            .add("process_id", ProcessHandle.current().pid())
            .add("process_supervised", sup)
            .add("run_id", server.runId())
            .add("tcp_port", server.hooks().port())
            .add("server_time_usec", nowMicros())
            .add("uptime_in_seconds", uptime)
            .add("uptime_in_days", uptime / 86400)
            .add("hz", hz)
            .add("configured_hz", server.config().getInt("hz"))
            .add("lru_clock", (now / 1000) & 0xFFFFFF)
            .add("executable", server.hooks().executable())
            .add("config_file", server.hooks().configFile())
            .add("io_threads_active", 0)
            .add("hashslot_version", ServerContext.HASHSLOT_VERSION)
            .toString();
    }

    String clients() {
        long connected = 0;
        long maxIn = 0;
        long maxOut = 0;
        for (Client c : server.clients().all()) {
            if (!c.hasFlag(Client.FLAG_REPLICA)) {
                connected++;
            }
            maxIn = Math.max(maxIn, c.queryBufferBytes());
            maxOut = Math.max(maxOut, c.output().size());
        }
        return new Lines("Clients")
            .add("connected_clients", connected)
            .add("cluster_connections", server.hooks().clusterConnections())
            .add("maxclients", server.config().getLong("maxclients"))
            .add("client_recent_max_input_buffer", maxIn)
            .add("client_recent_max_output_buffer", maxOut)
            .add("blocked_clients", server.clients().blockedCount())
            .add("tracking_clients", 0)
            .add("clients_in_timeout_table", 0)
            .toString();
    }

    /** bytesToHuman. */
    static String human(long n) {
        double d;
        if (n < 1024) {
            return n + "B";
        } else if (n < 1024L * 1024) {
            d = n / 1024.0;
            return String.format(Locale.ROOT, "%.2fK", d);
        } else if (n < 1024L * 1024 * 1024) {
            d = n / (1024.0 * 1024);
            return String.format(Locale.ROOT, "%.2fM", d);
        } else if (n < 1024L * 1024 * 1024 * 1024) {
            d = n / (1024.0 * 1024 * 1024);
            return String.format(Locale.ROOT, "%.2fG", d);
        } else if (n < 1024L * 1024 * 1024 * 1024 * 1024) {
            d = n / (1024.0 * 1024 * 1024 * 1024);
            return String.format(Locale.ROOT, "%.2fT", d);
        } else if (n < 1024L * 1024 * 1024 * 1024 * 1024 * 1024) {
            d = n / (1024.0 * 1024 * 1024 * 1024 * 1024);
            return String.format(Locale.ROOT, "%.2fP", d);
        }
        return Long.toUnsignedString(n) + "B";
    }


    String memory() {
        long used = server.usedMemory();
        long peak = server.peakMemory();
        long rss = server.hooks().residentBytes();
        long startup = ServerContext.STARTUP_MEMORY;
        long keys = 0;
        long expires = 0;
        for (int j = 0; j < server.keyspace().databases(); j++) {
            Db db = server.keyspace().db(j);
            keys += db.size();
            expires += db.expiringCount();
        }
        long overhead = startup + server.clientsMemory() + keys * Values.ENTRY_OVERHEAD
            + expires * Values.EXPIRE_OVERHEAD;
        long dataset = Math.max(0, used - overhead);
        long net = used > startup ? used - startup : 1;
        long maxmemory = server.config().getLong("maxmemory");
        long totalSystem = server.hooks().totalSystemMemory();
        var scripts = server.scriptStats();
        long luaVm = scripts == null ? 0 : scripts.vmMemory();
        long scriptCache = scripts == null ? 0 : scripts.cacheMemory();
        int cachedScripts = scripts == null ? 0 : scripts.cachedScripts();
        double rssRatio = used == 0 ? 0 : (double) rss / used;
        return new Lines("Memory")
            .add("used_memory", used)
            .add("used_memory_human", human(used))
            .add("used_memory_rss", rss)
            .add("used_memory_rss_human", human(rss))
            .add("used_memory_peak", peak)
            .add("used_memory_peak_human", human(peak))
            .add("used_memory_peak_perc", "%.2f%%", (float) used * 100 / peak)
            .add("used_memory_overhead", overhead)
            .add("used_memory_startup", startup)
            .add("used_memory_dataset", dataset)
            .add("used_memory_dataset_perc", "%.2f%%", (float) dataset * 100 / net)
            .add("allocator_allocated", used)
            .add("allocator_active", used)
            .add("allocator_resident", rss)
            .add("total_system_memory", totalSystem)
            .add("total_system_memory_human", human(totalSystem))
            .add("used_memory_lua", luaVm)
            .add("used_memory_vm_eval", luaVm)
            .add("used_memory_lua_human", human(luaVm))
            .add("used_memory_scripts_eval", scriptCache)
            .add("number_of_cached_scripts", cachedScripts)
            .add("number_of_functions", 0)
            .add("number_of_libraries", 0)
            .add("used_memory_vm_functions", 0)
            .add("used_memory_vm_total", luaVm)
            .add("used_memory_vm_total_human", human(luaVm))
            .add("used_memory_functions", 0)
            .add("used_memory_scripts", scriptCache)
            .add("used_memory_scripts_human", human(scriptCache))
            .add("maxmemory", maxmemory)
            .add("maxmemory_human", human(maxmemory))
            .add("maxmemory_policy", server.config().getString("maxmemory-policy"))
            .add("allocator_frag_ratio", "%.2f", 1.0)
            .add("allocator_frag_bytes", 0)
            .add("allocator_rss_ratio", "%.2f", rssRatio)
            .add("allocator_rss_bytes", rss - used)
            .add("rss_overhead_ratio", "%.2f", 1.0)
            .add("rss_overhead_bytes", 0)
            .add("mem_fragmentation_ratio", "%.2f", rssRatio)
            .add("mem_fragmentation_bytes", rss - used)
            .add("mem_not_counted_for_evict", 0)
            .add("mem_replication_backlog", 0)
            .add("mem_total_replication_buffers", 0)
            .add("mem_clients_slaves", 0)
            .add("mem_clients_normal", server.clientsMemory())
            .add("mem_cluster_links", 0)
            .add("mem_aof_buffer", 0)
            .add("mem_allocator", "jvm")
            .add("active_defrag_running", 0)
            .add("lazyfree_pending_objects", 0)
            .add("lazyfreed_objects", 0)
            .toString();
    }

    String persistence() {
        Lines lines = new Lines("Persistence");
        server.persistence().info(lines::add);
        return lines.toString();
    }

    String stats() {
        Stats s = server.stats();
        int[] pubsub = server.pubsub().serverCounts();
        return new Lines("Stats")
            .add("total_connections_received", s.connectionsReceived)
            .add("total_commands_processed", s.commandsProcessed)
            .add("instantaneous_ops_per_sec", s.instantaneousOps())
            .add("total_net_input_bytes", s.netInputBytes)
            .add("total_net_output_bytes", s.netOutputBytes)
            .add("total_net_repl_input_bytes", 0)
            .add("total_net_repl_output_bytes", 0)
            .add("instantaneous_input_kbps", "%.2f", (float) s.instantaneousInputKbps())
            .add("instantaneous_output_kbps", "%.2f", (float) s.instantaneousOutputKbps())
            .add("instantaneous_input_repl_kbps", "%.2f", 0.0)
            .add("instantaneous_output_repl_kbps", "%.2f", 0.0)
            .add("rejected_connections", s.rejectedConnections)
            .add("sync_full", s.syncFull)
            .add("sync_partial_ok", s.syncPartialOk)
            .add("sync_partial_err", s.syncPartialErr)
            .add("expired_keys", server.keyspace().expiredKeys() - s.expiredKeysAtReset)
            .add("expired_stale_perc", "%.2f", (double) server.keyspace().expiredStalePercent())
            .add("expired_time_cap_reached_count", 0)
            .add("expire_cycle_cpu_milliseconds", 0)
            .add("evicted_keys", s.evictedKeys)
            .add("evicted_clients", 0)
            .add("total_eviction_exceeded_time", 0)
            .add("current_eviction_exceeded_time", 0)
            .add("keyspace_hits", s.keyspaceHits)
            .add("keyspace_misses", s.keyspaceMisses)
            .add("pubsub_channels", pubsub[0])
            .add("pubsub_patterns", pubsub[1])
            .add("pubsubshard_channels", pubsub[2])
            .add("latest_fork_usec", 0)
            .add("total_forks", 0)
            .add("migrate_cached_sockets", server.migrateTransport().cachedLinks())
            .add("slave_expires_tracked_keys", server.keyspace().replicaTrackedExpires())
            .add("active_defrag_hits", 0)
            .add("active_defrag_misses", 0)
            .add("active_defrag_key_hits", 0)
            .add("active_defrag_key_misses", 0)
            .add("total_active_defrag_time", 0)
            .add("current_active_defrag_time", 0)
            .add("tracking_total_keys", 0)
            .add("tracking_total_items", 0)
            .add("tracking_total_prefixes", 0)
            .add("unexpected_error_replies", s.unexpectedErrorReplies)
            .add("total_error_replies", s.errorReplies)
            .add("dump_payload_sanitizations", 0)
            .add("total_reads_processed", s.readsProcessed)
            .add("total_writes_processed", s.writesProcessed)
            .add("io_threaded_reads_processed", 0)
            .add("io_threaded_writes_processed", 0)
            .add("reply_buffer_shrinks", 0)
            .add("reply_buffer_expands", 0)
            .toString();
    }

    String replication() {
        String installed = server.replication().info();
        if (installed != null) {
            return installed;
        }
        return new Lines("Replication")
            .add("role", server.isReplica() ? "slave" : "master")
            .add("connected_slaves", 0)
            .add("master_failover_state", "no-failover")
            .add("master_replid", replId)
            .add("master_replid2", "0000000000000000000000000000000000000000")
            .add("master_repl_offset", 0)
            .add("second_repl_offset", -1)
            .add("repl_backlog_active", 0)
            .add("repl_backlog_size", server.config().getLong("repl-backlog-size"))
            .add("repl_backlog_first_byte_offset", 0)
            .add("repl_backlog_histlen", 0)
            .toString();
    }

    private static String seconds(long micros) {
        return String.format(Locale.ROOT, "%d.%06d", micros / 1_000_000, micros % 1_000_000);
    }

    String cpu() {
        long[] cpu = server.hooks().cpuMicros();
        long userMicros = cpu[0];
        long sysMicros = cpu[1];
        long threadUser = cpu[2];
        long threadTotal = cpu[3];
        return new Lines("CPU")
            .add("used_cpu_sys", seconds(sysMicros))
            .add("used_cpu_user", seconds(userMicros))
            .add("used_cpu_sys_children", seconds(0))
            .add("used_cpu_user_children", seconds(0))
            .add("used_cpu_sys_main_thread", seconds(Math.max(0, threadTotal - threadUser)))
            .add("used_cpu_user_main_thread", seconds(threadUser))
            .toString();
    }
}
