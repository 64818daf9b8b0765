package io.hashslot.cluster.bus;

import java.util.Arrays;
import java.util.List;

/** The type-specific part of a bus message, after the 2256-byte header. */
public sealed interface MessageBody {

    /** PING, PONG, MEET: gossip entries then ping extensions. */
    record Gossip(List<GossipEntry> entries, List<PingExtension> extensions) implements MessageBody {
        public Gossip {
            entries = List.copyOf(entries);
            extensions = List.copyOf(extensions);
        }

        /** The HOSTNAME extension's value, or null when the message carries none (Redis then clears it). */
        public String hostname() {
            String found = null;
            for (PingExtension e : extensions) {
                if (e.type() == BusLayout.EXT_TYPE_HOSTNAME) {
                    found = e.cString();
                }
            }
            return found;
        }
    }

    /** FAIL: the name of the node declared failed. */
    record Fail(String nodeName) implements MessageBody {
    }

    /** PUBLISH and PUBLISHSHARD. */
    record Publish(byte[] channel, byte[] message) implements MessageBody {
        @Override
        public boolean equals(Object o) {
            return o instanceof Publish p && Arrays.equals(channel, p.channel) && Arrays.equals(message, p.message);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(channel) + Arrays.hashCode(message);
        }

        @Override
        public String toString() {
            return "Publish[" + channel.length + " + " + message.length + " bytes]";
        }
    }

    /** UPDATE: another node's slots under its config epoch. */
    record Update(long configEpoch, String nodeName, SlotBitmap slots) implements MessageBody {
    }

    /**
     * MODULE: {@code moduleId} holds the 8 raw bytes read big-endian (Redis copies them unswapped, so only their
     * byte sequence is meaningful), {@code moduleType} a u8.
     */
    record Module(long moduleId, int moduleType, byte[] payload) implements MessageBody {
        @Override
        public boolean equals(Object o) {
            return o instanceof Module m && moduleId == m.moduleId && moduleType == m.moduleType
                && Arrays.equals(payload, m.payload);
        }

        @Override
        public int hashCode() {
            return Long.hashCode(moduleId) * 31 + moduleType * 7 + Arrays.hashCode(payload);
        }

        @Override
        public String toString() {
            return "Module[id=" + Long.toHexString(moduleId) + ", type=" + moduleType + ", " + payload.length + " B]";
        }
    }

    /** FAILOVER_AUTH_REQUEST, FAILOVER_AUTH_ACK, MFSTART: the header says it all. */
    record Empty() implements MessageBody {
    }

    /** A type Redis 7.0 does not know; its bytes after the header are kept as they are. */
    record Unknown(byte[] data) implements MessageBody {
        @Override
        public boolean equals(Object o) {
            return o instanceof Unknown u && Arrays.equals(data, u.data);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(data);
        }
    }
}
