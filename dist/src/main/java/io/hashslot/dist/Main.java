package io.hashslot.dist;

import java.util.Arrays;

/**
 * {@code java -jar hashslot.jar <program> [args]}: runs one of the bundled programs. The bin/ launchers call the
 * programs' classes directly; this entry point exists for {@code java -jar}.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws Exception {
        String program = args.length == 0 ? "server" : args[0];
        String[] rest = args.length == 0 ? args : Arrays.copyOfRange(args, 1, args.length);
        switch (program) {
            case "server" -> io.hashslot.server.ServerMain.main(rest);
            case "cli" -> io.hashslot.tools.cli.CliMain.main(rest);
            case "consistency-test" -> io.hashslot.tools.consistency.ConsistencyMain.main(rest);
            case "example" -> io.hashslot.tools.example.ExampleMain.main(rest);
            default -> {
                System.err.println("usage: java -jar hashslot.jar server|cli|consistency-test|example [args...]");
                System.exit(2);
            }
        }
    }
}
