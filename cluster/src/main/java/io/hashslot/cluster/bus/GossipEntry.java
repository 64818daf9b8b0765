package io.hashslot.cluster.bus;

/**
 * One 104-byte gossip entry of a PING/PONG/MEET: what the sender knows about another node. Times are in seconds
 * (u32) as on the wire; names and IPs are byte strings (one char per byte).
 */
public record GossipEntry(String nodeName, long pingSentSeconds, long pongReceivedSeconds, String ip, int port,
                          int cport, int flags, int pport) {
}
