package io.hashslot.cluster.bus;

/** One cluster bus message: header plus the body its type calls for. */
public record BusMessage(BusHeader header, MessageBody body) {

    public BusMessage {
        int type = header.type();
        boolean ok = switch (type) {
            case MessageType.PING, MessageType.PONG, MessageType.MEET -> body instanceof MessageBody.Gossip;
            case MessageType.FAIL -> body instanceof MessageBody.Fail;
            case MessageType.PUBLISH, MessageType.PUBLISHSHARD -> body instanceof MessageBody.Publish;
            case MessageType.UPDATE -> body instanceof MessageBody.Update;
            case MessageType.MODULE -> body instanceof MessageBody.Module;
            case MessageType.FAILOVER_AUTH_REQUEST, MessageType.FAILOVER_AUTH_ACK, MessageType.MFSTART ->
                body instanceof MessageBody.Empty;
            default -> body instanceof MessageBody.Unknown;
        };
        if (!ok) {
            throw new IllegalArgumentException("body " + body.getClass().getSimpleName() + " does not fit type "
                + MessageType.name(type) + " (" + type + ")");
        }
    }

    public int type() {
        return header.type();
    }

    public MessageBody.Gossip gossip() {
        return (MessageBody.Gossip) body;
    }
}
