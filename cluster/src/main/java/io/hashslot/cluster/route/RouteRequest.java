package io.hashslot.cluster.route;

import java.util.List;

/**
 * One command as the router sees it.
 *
 * @param keys              the key arguments (for EXEC: the keys of every queued command, in order; for SSUBSCRIBE,
 *                          SUNSUBSCRIBE, SPUBLISH: the channels)
 * @param exec              the command is EXEC
 * @param inMulti           the client is in MULTI (EXEC without it is executed locally and fails there)
 * @param pubsubShard       SSUBSCRIBE / SUNSUBSCRIBE / SPUBLISH
 * @param migrate           the command is MIGRATE
 * @param writeCommand      the command's own flags (getCommandFlags: script flags for EVAL/FCALL) include write;
 *                          note EXEC itself is not a write command
 * @param askingCommand     the command has the ASKING flag (RESTORE-ASKING)
 * @param execHasWrite      EXEC whose queued commands include a write
 * @param clientAsking      the client sent ASKING
 * @param clientReadonly    the client sent READONLY
 * @param usePlaintextPort  TLS cluster and a non-TLS client: redirect to the plaintext port
 */
public record RouteRequest(List<byte[]> keys, boolean exec, boolean inMulti, boolean pubsubShard, boolean migrate,
                           boolean writeCommand, boolean askingCommand, boolean execHasWrite, boolean clientAsking,
                           boolean clientReadonly, boolean usePlaintextPort) {

    /** A plain read (write = false) or write command on these keys, from a plain client. */
    public static RouteRequest of(boolean write, List<byte[]> keys) {
        return new RouteRequest(keys, false, false, false, false, write, false, false, false, false, false);
    }

    public RouteRequest asking() {
        return new RouteRequest(keys, exec, inMulti, pubsubShard, migrate, writeCommand, askingCommand, execHasWrite,
            true, clientReadonly, usePlaintextPort);
    }

    public RouteRequest readonlyClient() {
        return new RouteRequest(keys, exec, inMulti, pubsubShard, migrate, writeCommand, askingCommand, execHasWrite,
            clientAsking, true, usePlaintextPort);
    }
}
