package io.hashslot.server.replication;

import io.hashslot.commands.Args;
import io.hashslot.commands.Client;
import io.hashslot.commands.CommandTable;
import io.hashslot.commands.Errors;
import io.hashslot.protocol.Reply;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The replication commands: REPLICAOF/SLAVEOF, SYNC/PSYNC (the master's side of the handshake: partial or full
 * resynchronization), REPLCONF, WAIT and ROLE; and the start of full syncs for replicas waiting for one.
 */
final class ReplicationCommands {
    private final Replication repl;

    ReplicationCommands(Replication repl) {
        this.repl = repl;
    }

    void register(CommandTable t) {
        t.register("replicaof", this::replicaOf);
        t.register("slaveof", this::replicaOf);
        t.register("sync", this::sync);
        t.register("psync", this::sync);
        t.register("replconf", this::replconf);
        t.register("wait", repl.waits::waitCommand);
        t.register("role", this::role);
    }

    /** replicationGetSlaveName: announced ip and listening port, else the peer address. */
    String name(Client c) {
        ReplicaInfo info = repl.announced.get(c);
        String remote = c.connection().remoteAddress();
        if (info == null || info.listeningPort == 0) {
            return remote;
        }
        String ip = info.ip(remote);
        return (ip.indexOf(':') >= 0 ? "[" + ip + "]" : ip) + ":" + info.listeningPort;
    }

    private static String clientInfo(Client c) {
        return "id=" + c.id() + " addr=" + c.connection().remoteAddress() + " laddr=" + c.connection().localAddress()
            + " fd=" + c.connection().fd() + " name=" + (c.name() == null ? "" : c.name()) + " db=" + c.dbIndex();
    }

    private void replicaOf(Client c, byte[][] argv) {
        if (repl.server.config().getBool("cluster-enabled")) {
            c.error("ERR REPLICAOF not allowed in cluster mode.");
            return;
        }
        if (Args.is(argv[1], "no") && Args.is(argv[2], "one")) {
            if (repl.isReplica()) {
                repl.promote();
                repl.log.notice("MASTER MODE enabled (user request from '" + clientInfo(c) + "')");
            }
            c.reply().ok();
            return;
        }
        if (c.hasFlag(Client.FLAG_REPLICA)) {
            c.error("ERR Command is not valid when client is a replica.");
            return;
        }
        int port = (int) Args.longInRange(c, argv[2], 0, 65535, "ERR Invalid master port");
        String host = Args.text(argv[1]);
        if (repl.isReplica() && repl.masterHost.equalsIgnoreCase(host) && repl.masterPort == port) {
            repl.log.notice("REPLICAOF would result into synchronization with the master we are already connected "
                + "with. No operation performed.");
            c.reply().simple("OK Already connected to specified master");
            return;
        }
        repl.replicaOf(host, port);
        repl.log.notice("REPLICAOF " + host + ":" + port + " enabled (user request from '" + clientInfo(c) + "')");
        c.reply().ok();
    }

    private ReplicaInfo announcedBy(Client c) {
        return repl.announced.computeIfAbsent(c, k -> new ReplicaInfo());
    }

    /** SYNC and PSYNC replid offset (syncCommand). */
    private void sync(Client c, byte[][] argv) {
        if (c.hasFlag(Client.FLAG_REPLICA)) {
            return; // already a replica: ignored
        }
        if (repl.isReplica() && (repl.link == null || !repl.link.connected())) {
            c.error("NOMASTERLINK Can't SYNC while not connected with my master");
            return;
        }
        if (!c.output().isEmpty() || c.connection().pendingOutputBytes() > 0) {
            // replies to earlier commands not sent yet: the stream must start on a fresh output buffer
            c.error("ERR SYNC and PSYNC are invalid with pending output");
            return;
        }
        boolean psync = Args.is(argv[0], "psync");
        if (psync && argv.length != 3) {
            c.error(Errors.arity("psync"));
            return;
        }
        repl.log.notice("Replica " + name(c) + " asks for synchronization");
        ReplicaInfo info = announcedBy(c);
        if (psync) {
            long psyncOffset;
            try {
                psyncOffset = Args.longArg(c, argv[2]);
            } catch (Args.Abort e) {
                repl.log.warning("Replica " + name(c) + " asks for synchronization but with a wrong offset");
                throw e;
            }
            if (tryPartial(c, info, Args.text(argv[1]), psyncOffset)) {
                repl.server.stats().syncPartialOk++;
                return;
            }
            if (argv[1].length == 0 || argv[1][0] != '?') {
                repl.server.stats().syncPartialErr++;
            }
        } else {
            info.capaEof = false; // the old protocol: a $len transfer and no +FULLRESYNC line
            info.preSync = true;
        }
        repl.server.stats().syncFull++;
        ReplicaSession s = new ReplicaSession(c, info, repl.now());
        c.addFlag(Client.FLAG_REPLICA);
        repl.replicas.add(s);
        if (repl.replicas.size() == 1 && repl.backlog == null) {
            repl.replid = repl.randomId();
            repl.replid2 = Replication.ZERO_ID;
            repl.secondOffset = -1;
            repl.createBacklog();
            repl.log.notice("Replication backlog created, my new replication IDs are '" + repl.replid + "' and '"
                + repl.replid2 + "'");
        }
        FullSync job = repl.job;
        if (job != null && !job.diskless && !job.finished() && job.sameCapabilities(info)) {
            job.attach(s);
            repl.log.notice("Waiting for end of BGSAVE for SYNC");
        } else if (job != null && job.diskless) {
            repl.log.notice("Current BGSAVE has socket target. Waiting for next BGSAVE for SYNC");
        } else if (job != null) {
            repl.log.notice("Can't attach the replica to the current BGSAVE. Waiting for next BGSAVE for SYNC");
        } else if (repl.server.config().getBool("repl-diskless-sync") && info.capaEof
            && repl.server.config().getInt("repl-diskless-sync-delay") > 0) {
            repl.log.notice("Delay next BGSAVE for diskless SYNC");
        } else {
            maybeStartFullSync(repl.now());
        }
    }

    /** masterTryPartialResynchronization. */
    private boolean tryPartial(Client c, ReplicaInfo info, String askedId, long psyncOffset) {
        boolean idOk = askedId.equals(repl.replid) || askedId.equals(repl.replid2) && psyncOffset <= repl.secondOffset;
        if (!idOk) {
            if (!askedId.equals("?")) {
                if (!askedId.equals(repl.replid2)) {
                    repl.log.notice("Partial resynchronization not accepted: Replication ID mismatch (Replica asked "
                        + "for '" + askedId + "', my replication IDs are '" + repl.replid + "' and '" + repl.replid2
                        + "')");
                } else {
                    repl.log.notice("Partial resynchronization not accepted: Requested offset for second ID was "
                        + psyncOffset + ", but I can reply up to " + repl.secondOffset);
                }
            } else {
                repl.log.notice("Full resync requested by replica " + name(c));
            }
            return false;
        }
        if (repl.backlog == null || !repl.backlog.covers(psyncOffset)) {
            repl.log.notice("Unable to partial resync with replica " + name(c) + " for lack of backlog (Replica "
                + "request was: " + psyncOffset + ").");
            if (repl.backlog != null && psyncOffset > repl.offset) {
                repl.log.warning("Warning: replica " + name(c) + " tried to PSYNC with an offset that is greater "
                    + "than the master replication offset.");
            }
            return false;
        }
        c.addFlag(Client.FLAG_REPLICA);
        ReplicaSession s = new ReplicaSession(c, info, repl.now());
        s.state = ReplicaSession.State.ONLINE;
        repl.replicas.add(s);
        String line = info.capaPsync2 ? "+CONTINUE " + repl.replid + "\r\n" : "+CONTINUE\r\n";
        c.encoder().raw(line.getBytes(StandardCharsets.US_ASCII));
        byte[] tail = repl.backlog.from(psyncOffset);
        c.encoder().raw(tail);
        c.connection().requestFlush();
        repl.log.notice("Partial resynchronization request from " + name(c) + " accepted. Sending " + tail.length
            + " bytes of backlog starting from offset " + psyncOffset + ".");
        return true;
    }

    /** Starts a full sync for the replicas waiting for one, when the diskless delay allows it. */
    void maybeStartFullSync(long now) {
        if (repl.job != null) {
            return;
        }
        List<ReplicaSession> waiting = new ArrayList<>();
        long oldest = Long.MAX_VALUE;
        boolean allEof = true;
        for (ReplicaSession s : repl.replicas) {
            if (s.state == ReplicaSession.State.WAIT_BGSAVE_START && repl.alive(s.client)) {
                waiting.add(s);
                oldest = Math.min(oldest, s.ackMillis);
                allEof &= s.info.capaEof;
            }
        }
        if (waiting.isEmpty()) {
            return;
        }
        boolean diskless = repl.server.config().getBool("repl-diskless-sync") && allEof;
        if (diskless) {
            long delay = repl.server.config().getLong("repl-diskless-sync-delay") * 1000;
            int max = repl.server.config().getInt("repl-diskless-sync-max-replicas");
            if (now - oldest < delay && (max == 0 || waiting.size() < max)) {
                return;
            }
        }
        if (repl.server.keyspace().runningSnapshot() != null) {
            return; // another snapshot (BGSAVE) runs: try again on the next cron
        }
        repl.log.notice("Starting BGSAVE for SYNC with target: " + (diskless ? "replicas sockets" : "disk"));
        repl.job = new FullSync(repl, waiting, diskless);
        repl.job.start();
    }

    private void replconf(Client c, byte[][] argv) {
        if (argv.length % 2 == 0) {
            c.error(Errors.SYNTAX);
            return;
        }
        for (int j = 1; j < argv.length; j += 2) {
            byte[] opt = argv[j];
            byte[] val = argv[j + 1];
            if (Args.is(opt, "listening-port")) {
                long port = Args.longArg(c, val);
                announcedBy(c).listeningPort = (int) port;
            } else if (Args.is(opt, "ip-address")) {
                if (val.length >= 256) {
                    c.error("ERR REPLCONF ip-address provided by replica instance is too long: " + val.length
                        + " bytes");
                    return;
                }
                announcedBy(c).ipAddress = Args.text(val);
            } else if (Args.is(opt, "capa")) {
                if (Args.is(val, "eof")) {
                    announcedBy(c).capaEof = true;
                } else if (Args.is(val, "psync2")) {
                    announcedBy(c).capaPsync2 = true;
                }
            } else if (Args.is(opt, "ack")) {
                ack(c, val);
                return; // never replied
            } else if (Args.is(opt, "getack")) {
                if (repl.isReplica() && repl.link != null && c.hasFlag(Client.FLAG_MASTER)) {
                    repl.link.sendAck(repl.offset);
                }
                return;
            } else if (Args.is(opt, "rdb-only") || Args.is(opt, "rdb-filter-only")) {
                if (Args.is(opt, "rdb-only")) {
                    long v = Args.longArg(c, val);
                    if (v != 0 && v != 1) {
                        c.error(Errors.SYNTAX);
                        return;
                    }
                }
            } else {
                c.error("ERR Unrecognized REPLCONF option: " + Args.text(opt));
                return;
            }
        }
        c.reply().ok();
    }

    private void ack(Client c, byte[] val) {
        if (!c.hasFlag(Client.FLAG_REPLICA)) {
            return;
        }
        long off;
        try {
            off = Long.parseLong(Args.text(val));
        } catch (NumberFormatException e) {
            return;
        }
        for (ReplicaSession s : repl.replicas) {
            if (s.client == c) {
                if (off > s.ackOffset) {
                    s.ackOffset = off;
                }
                s.ackMillis = repl.now();
                if (s.state == ReplicaSession.State.WAIT_ACK) {
                    s.online();
                    repl.log.notice("Synchronization with replica " + name(c) + " succeeded");
                }
                repl.waits.check();
                return;
            }
        }
    }

    private void role(Client c, byte[][] argv) {
        Reply r = c.reply();
        if (!repl.isReplica()) {
            r.array(3);
            r.bulk("master");
            r.integer(repl.offset);
            List<ReplicaSession> online = new ArrayList<>();
            for (ReplicaSession s : repl.replicas) {
                if (s.state.compareTo(ReplicaSession.State.WAIT_ACK) >= 0) {
                    online.add(s);
                }
            }
            r.array(online.size());
            for (ReplicaSession s : online) {
                r.array(3);
                r.bulk(s.info.ip(s.client.connection().remoteAddress()));
                r.bulk(Integer.toString(s.info.listeningPort));
                r.bulk(Long.toString(s.ackOffset));
            }
            return;
        }
        r.array(5);
        r.bulk("slave");
        r.bulk(repl.masterHost);
        r.integer(repl.masterPort);
        r.bulk(repl.link == null ? "connect" : repl.link.roleState());
        r.integer(repl.masterClient != null ? repl.offset : -1);
    }
}
