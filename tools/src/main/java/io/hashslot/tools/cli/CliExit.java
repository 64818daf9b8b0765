package io.hashslot.tools.cli;

/** Ends the CLI with an exit code, the way redis-cli calls exit() from deep inside a mode; caught by {@link Cli}. */
final class CliExit extends RuntimeException {
    private final int code;

    CliExit(int code) {
        super(null, null, false, false);
        this.code = code;
    }

    int code() {
        return code;
    }
}
