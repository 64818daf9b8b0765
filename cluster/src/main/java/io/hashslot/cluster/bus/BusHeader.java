package io.hashslot.cluster.bus;

/**
 * The fixed 2256-byte header of every cluster bus message, minus the fields the codec derives ({@code sig},
 * {@code totlen}, {@code ver}, {@code count}, {@code extensions}). Epochs are unsigned 64-bit values held in longs.
 * {@code slaveof} is null when the sender is a master (40 zero bytes on the wire); {@code myip} is "" when the
 * sender does not announce an IP. Names and IPs are byte strings (one char per byte).
 *
 * @param mflags {@code mflags[0]} (PAUSED, FORCEACK, EXT_DATA); the codec sets EXT_DATA itself when encoding
 *               extensions
 */
public record BusHeader(int type, int port, long currentEpoch, long configEpoch, long offset, String sender,
                        SlotBitmap myslots, String slaveof, String myip, int pport, int cport, int flags, int state,
                        int mflags) {

    public BusHeader {
        if (sender == null || myslots == null || myip == null) {
            throw new IllegalArgumentException("sender, myslots and myip are required");
        }
    }

    /** The same header with another type (PING/PONG/MEET share the layout). */
    public BusHeader withType(int newType) {
        return new BusHeader(newType, port, currentEpoch, configEpoch, offset, sender, myslots, slaveof, myip, pport,
            cport, flags, state, mflags);
    }

    public BusHeader withMflags(int newMflags) {
        return new BusHeader(type, port, currentEpoch, configEpoch, offset, sender, myslots, slaveof, myip, pport,
            cport, flags, state, newMflags);
    }
}
