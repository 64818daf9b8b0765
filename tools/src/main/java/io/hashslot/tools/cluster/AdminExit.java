package io.hashslot.tools.cluster;

/** Thrown where redis-cli --cluster exits the process mid-command; carries the exit code. */
public final class AdminExit extends RuntimeException {
    private final int code;

    AdminExit(int code) {
        super(null, null, false, false);
        this.code = code;
    }

    public int code() {
        return code;
    }
}
