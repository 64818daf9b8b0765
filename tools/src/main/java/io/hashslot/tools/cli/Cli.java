package io.hashslot.tools.cli;

/** hashslot-cli: being built; see CliMain. */
final class Cli {
    int run(String[] args) {
        System.err.println("hashslot-cli: not built yet");
        return 1;
    }
}
