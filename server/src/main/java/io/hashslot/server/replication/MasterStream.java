package io.hashslot.server.replication;

import io.hashslot.commands.Client;
import io.hashslot.commands.ClientConnection;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The master's command stream on a replica, applied in order through the normal command processor as the master
 * client. A command's bytes advance the offset and are proxied to sub-replicas once it ran outside MULTI (a
 * transaction's bytes at its EXEC). A command postponed by CLIENT PAUSE holds the stream back until the pause ends
 * (the master client is paused, as in Redis 7.0); its bytes count once it ran.
 */
final class MasterStream {
    private final Replication repl;
    private final List<byte[]> unproxied = new ArrayList<>();
    /** Commands received and not yet run (the master client is paused). */
    private final ArrayDeque<MasterLink.Command> queued = new ArrayDeque<>();
    /** The bytes of the command CLIENT PAUSE postponed. */
    private byte[] postponedRaw;

    MasterStream(Replication repl) {
        this.repl = repl;
    }

    /** A new link or none: nothing received so far is applied. */
    void reset() {
        unproxied.clear();
        queued.clear();
        postponedRaw = null;
    }

    void apply(Client mc, List<MasterLink.Command> batch) {
        queued.addAll(batch);
        drain(mc);
    }

    private void drain(Client mc) {
        while (repl.masterClient == mc && postponedRaw == null && !queued.isEmpty()) {
            MasterLink.Command cmd = queued.poll();
            if (cmd.argv().length > 0) {
                run(mc, cmd.argv());
                if (mc.pendingArgv() != null) {
                    postponedRaw = cmd.raw();
                    return;
                }
            }
            applied(mc, cmd.raw());
        }
    }

    /** Runs one command as the master client: replies discarded, no key counts as expired meanwhile. */
    private void run(Client mc, byte[][] argv) {
        repl.server.keyspace().setObeyingMaster(true);
        try {
            repl.processor.process(mc, argv);
        } finally {
            repl.server.keyspace().setObeyingMaster(false);
        }
        mc.output().clear();
    }

    private void applied(Client mc, byte[] raw) {
        unproxied.add(raw);
        if (!mc.hasFlag(Client.FLAG_MULTI)) {
            for (byte[] b : unproxied) {
                repl.feed(b);
            }
            unproxied.clear();
        }
    }

    /** The pause that postponed the master client ended: its command, then the rest of the stream. */
    private void resume() {
        Client mc = repl.masterClient;
        if (mc == null || postponedRaw == null) {
            return;
        }
        byte[][] pending = mc.pendingArgv();
        if (pending != null) {
            mc.setPendingArgv(null);
            run(mc, pending);
            if (mc.pendingArgv() != null) {
                return; // paused again
            }
        }
        byte[] raw = postponedRaw;
        postponedRaw = null;
        applied(mc, raw);
        drain(mc);
    }

    /** The master client's connection: CLIENT KILL drops the link; the end of a pause resumes the stream. */
    ClientConnection connection(MasterLink link, String remote, String local) {
        return new ClientConnection() {
            @Override
            public void resume() {
                repl.node.execute(MasterStream.this::resume);
            }

            @Override
            public String remoteAddress() {
                return remote;
            }

            @Override
            public String localAddress() {
                return local;
            }

            @Override
            public boolean isLocal() {
                return true;
            }

            @Override
            public int fd() {
                return -1;
            }

            @Override
            public void requestFlush() {
            }

            @Override
            public void closeAfterFlush() {
                repl.killMasterLink(link);
            }

            @Override
            public void setReading(boolean reading) {
            }
        };
    }
}
