package io.hashslot.tools.example;

import io.hashslot.protocol.RespValue;
import io.hashslot.tools.client.ClusterClient;
import io.hashslot.tools.client.NodeAddress;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Random;

/**
 * {@code example [host port]}: the seeds' example writer. It resumes from the counter {@code __last__}, then for
 * x = last+1, last+2, ... sets {@code foo<x>} to x, prints what GET returns and stores x in {@code __last__},
 * printing "error ..." instead when the cluster refuses, every 100 ms. Startup nodes default to 127.0.0.1:30001 and
 * 127.0.0.1:30002 (the create-cluster ports).
 */
public final class ExampleMain {
    private final ClusterClient client;
    private final PrintStream out;

    public ExampleMain(ClusterClient client, PrintStream out) {
        this.client = client;
        this.out = out;
    }

    /** Reads __last__ until the cluster answers (0 when missing). */
    public long resumePoint() throws InterruptedException {
        while (true) {
            try {
                RespValue v = client.call("GET", "__last__");
                if (v instanceof RespValue.Error e) {
                    throw new IOException(e.text());
                }
                return v instanceof RespValue.Bulk b ? Long.parseLong(b.text()) : 0;
            } catch (IOException e) {
                out.println("error " + e.getMessage());
                Thread.sleep(1000);
            }
        }
    }

    /** One iteration for x. */
    public void write(long x) {
        try {
            expectOk(client.call("SET", "foo" + x, Long.toString(x)));
            RespValue v = client.call("GET", "foo" + x);
            if (v instanceof RespValue.Error e) {
                throw new IOException(e.text());
            }
            out.println(v instanceof RespValue.Bulk b ? b.text() : "");
            expectOk(client.call("SET", "__last__", Long.toString(x)));
        } catch (IOException e) {
            out.println("error " + e.getMessage());
        }
    }

    private static void expectOk(RespValue v) throws IOException {
        if (v instanceof RespValue.Error e) {
            throw new IOException(e.text());
        }
    }

    public static void main(String[] args) throws InterruptedException {
        List<NodeAddress> seeds = args.length == 2
            ? List.of(new NodeAddress(args[0], Integer.parseInt(args[1])))
            : List.of(new NodeAddress("127.0.0.1", 30001), new NodeAddress("127.0.0.1", 30002));
        try (ClusterClient client = new ClusterClient(seeds, 100, new Random())) {
            ExampleMain example = new ExampleMain(client, System.out);
            for (long x = example.resumePoint() + 1; x <= 1_000_000_000L; x++) {
                example.write(x);
                Thread.sleep(100);
            }
        }
    }
}
