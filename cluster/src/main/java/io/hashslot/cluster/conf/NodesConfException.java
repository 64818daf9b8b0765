package io.hashslot.cluster.conf;

/** A nodes.conf Redis would refuse to start with; the message names the line and what is wrong with it. */
public final class NodesConfException extends Exception {
    private final int lineNumber;

    public NodesConfException(int lineNumber, String reason) {
        super("Unrecoverable error: corrupted cluster config file" + (lineNumber > 0 ? " (line " + lineNumber + ": "
            + reason + ")" : " (" + reason + ")"));
        this.lineNumber = lineNumber;
    }

    /** 1-based line number, or 0 when the problem concerns the whole file. */
    public int lineNumber() {
        return lineNumber;
    }
}
