package io.hashslot.commands;

import java.io.IOException;

/**
 * The sockets MIGRATE talks to its target through: a cache of connections keyed by "host:port", each remembering
 * the db it last selected (Redis's migrate cached sockets). Implemented by the server module, which owns all I/O;
 * the command logic stays in commands.
 */
public interface MigrateTransport {
    /** The cached link to host:port, connecting within {@code timeoutMillis} if needed; null if connecting failed. */
    Link link(String host, String port, long timeoutMillis);

    /** Closes and forgets the cached link to host:port (no-op if there is none). */
    void close(String host, String port);

    /** How many links are cached now (INFO migrate_cached_sockets). */
    default int cachedLinks() {
        return 0;
    }

    /** One cached connection to a target node. */
    interface Link {
        /** The db last selected on this link, -1 if unknown. */
        long lastDbid();

        void setLastDbid(long dbid);

        /** Writes all of {@code data}; an IOException on error or timeout. */
        void write(byte[] data, long timeoutMillis) throws IOException;

        /** One reply line without its CRLF; {@link Timeout} on timeout, another IOException on error. */
        String readLine(long timeoutMillis) throws IOException;
    }

    /** The I/O failure that is a timeout (Redis's ETIMEDOUT: MIGRATE does not retry it). */
    final class Timeout extends IOException {
        public Timeout(String message) {
            super(message);
        }
    }

    /** For contexts without sockets: every connect fails. */
    MigrateTransport NONE = new MigrateTransport() {
        @Override
        public Link link(String host, String port, long timeoutMillis) {
            return null;
        }

        @Override
        public void close(String host, String port) {
        }
    };
}
