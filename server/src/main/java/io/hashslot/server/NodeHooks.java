package io.hashslot.server;

import io.hashslot.commands.ServerHooks;

/** The server side of commands that reach outside the command layer (SHUTDOWN, DEBUG SEGFAULT, ...). */
final class NodeHooks implements ServerHooks {
    private final HashslotServer node;

    NodeHooks(HashslotServer node) {
        this.node = node;
    }

    @Override
    public String shutdown(boolean save, boolean nosave, boolean now, boolean force, boolean abort) {
        if (abort) {
            return "ERR No shutdown in progress.";
        }
        String busy = node.context().busyGate().busyError();
        if (busy != null && !nosave) {
            return busy; // a script past busy-reply-threshold: only SHUTDOWN NOSAVE may stop the node
        }
        if (node.context().busyGate().loading()) {
            nosave = true; // a half-loaded dataset is never saved (Redis turns SAVE into NOSAVE while loading)
            save = false;
        }
        node.log().warning("User requested shutdown...");
        if (!node.persistence().prepareForShutdown(save, nosave) && !force) {
            return "ERR Errors trying to SHUTDOWN. Check logs.";
        }
        node.requestShutdown();
        return null;
    }

    @Override
    public void setClusterDropPacketFilter(long type) {
        if (node.cluster() != null) {
            node.cluster().core().setDropPacketFilter(type);
        }
    }

    @Override
    public String killClusterLink(String direction, String nodeName) {
        if (node.cluster() == null) {
            return ServerHooks.super.killClusterLink(direction, nodeName);
        }
        String err = node.cluster().core().debugKillLink(direction, nodeName);
        node.cluster().kick();
        return err;
    }

    @Override
    public long clusterConnections() {
        return node.cluster() == null ? 0 : (node.cluster().core().knownNodes() - 1) * 2L;
    }

    @Override
    public void crash() {
        node.crash();
    }

    @Override
    public String rewriteConfig() {
        if (node.configFile().isEmpty()) {
            return "ERR The server is running without a config file";
        }
        return ConfigRewriter.rewrite(node, false);
    }

    @Override
    public String rewriteConfigForceAll() {
        // Redis tries to open a NULL path when it has no config file, and reports that
        String err = node.configFile().isEmpty() ? "ERR Rewriting config file: Bad address"
            : ConfigRewriter.rewrite(node, true);
        return err == null ? null : err.replace("ERR Rewriting config file: ", "ERR CONFIG-REWRITE-FORCE-ALL failed: ");
    }

    @Override
    public int port() {
        return node.port();
    }

    @Override
    public String configFile() {
        return node.configFile();
    }

    @Override
    public long residentBytes() {
        return ProcessMemory.residentBytes();
    }

    @Override
    public long totalSystemMemory() {
        return ProcessStats.totalSystemMemory();
    }

    @Override
    public long[] cpuMicros() {
        return ProcessStats.cpuMicros();
    }

    @Override
    public String executable() {
        return ProcessHandle.current().info().command().orElse("");
    }

    @Override
    public String multiplexingApi() {
        return node.multiplexingApi();
    }
}
