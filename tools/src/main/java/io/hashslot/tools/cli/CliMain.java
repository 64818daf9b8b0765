package io.hashslot.tools.cli;

/** Entry point of hashslot-cli. */
public final class CliMain {
    private CliMain() {
    }

    public static void main(String[] args) {
        System.exit(new Cli().run(args));
    }
}
