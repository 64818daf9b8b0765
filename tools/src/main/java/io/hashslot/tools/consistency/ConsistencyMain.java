package io.hashslot.tools.consistency;

import io.hashslot.common.SystemClock;
import io.hashslot.tools.client.ClusterClient;
import io.hashslot.tools.client.NodeAddress;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code consistency-test [host [port]]}: the command line of {@link ConsistencyTester}. */
@Command(name = "consistency-test", mixinStandardHelpOptions = true,
    description = "Increments counters through the cluster and reports reads, writes, errors, lost and "
        + "unacknowledged writes once a second. Exit status 1 when acknowledged writes were lost.")
public final class ConsistencyMain implements Callable<Integer> {
    @Parameters(index = "0", defaultValue = "127.0.0.1", description = "A cluster node's host (default ${DEFAULT-VALUE}).")
    String host;

    @Parameters(index = "1", defaultValue = "30001", description = "Its port (default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--working-set", defaultValue = "1000", description = "Counters read back often (default ${DEFAULT-VALUE}).")
    int workingSet;

    @Option(names = "--keyspace", defaultValue = "10000", description = "All counters (default ${DEFAULT-VALUE}).")
    int keyspace;

    @Option(names = "--delay", defaultValue = "0", description = "Milliseconds to sleep after each read/write pair.")
    long delay;

    @Option(names = "--duration", defaultValue = "0", description = "Seconds to run; 0 runs until interrupted.")
    long duration;

    @Option(names = "--timeout", defaultValue = "1000", description = "Connect/read timeout in milliseconds.")
    int timeout;

    @Option(names = "--prefix", defaultValue = "", description = "Prefix of the counter keys (key_<n>).")
    String prefix;

    @Override
    public Integer call() throws Exception {
        try (ClusterClient client = new ClusterClient(List.of(new NodeAddress(host, port)), timeout, new Random())) {
            ConsistencyTester t = new ConsistencyTester(client, SystemClock.INSTANCE, new Random(), System.out,
                workingSet, keyspace, prefix);
            ConsistencyTester.Totals totals = t.run(duration * 1000, delay);
            System.out.println("Final: " + t.report());
            return totals.lost() > 0 ? 1 : 0;
        }
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new ConsistencyMain()).execute(args));
    }
}
