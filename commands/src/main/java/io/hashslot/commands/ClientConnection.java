package io.hashslot.commands;

/** What the command layer needs from a client's transport. Implemented by the server module. */
public interface ClientConnection {
    /** "ip:port" of the peer. */
    String remoteAddress();

    /** "ip:port" of our end. */
    String localAddress();

    /** Whether the peer is on a loopback address (protected mode, "local" options). */
    boolean isLocal();

    /** A small number standing for the socket, as CLIENT LIST's fd= shows. */
    int fd();

    /** Asks the transport to write pending output soon (for replies produced outside the client's own turn). */
    void requestFlush();

    /** Closes the connection after pending output is written. */
    void closeAfterFlush();

    /** Output handed to the transport but not yet written to the socket (client-output-buffer-limit). */
    default long pendingOutputBytes() {
        return 0;
    }

    /** Closes the connection now, dropping output not yet written (a client over its output buffer limit). */
    default void closeNow() {
        closeAfterFlush();
    }

    /** Stops or resumes reading requests (blocked clients, pauses). */
    void setReading(boolean reading);

    /**
     * Asks the transport to run, soon and outside the current command, the client's pending command (if any) and
     * the input that waited behind it, after the client stopped being blocked or paused.
     */
    default void resume() {
        requestFlush();
    }

    /** A connection with no transport, for internal clients (scripts, AOF loading, tests). */
    ClientConnection NONE = new ClientConnection() {
        @Override
        public String remoteAddress() {
            return "";
        }

        @Override
        public String localAddress() {
            return "";
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
        }

        @Override
        public void setReading(boolean reading) {
        }
    };
}
