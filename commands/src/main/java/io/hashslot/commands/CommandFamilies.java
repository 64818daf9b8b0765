package io.hashslot.commands;

import io.hashslot.commands.connection.ConnectionCommands;
import io.hashslot.commands.hash.HashCommands;
import io.hashslot.commands.keys.KeyCommands;
import io.hashslot.commands.list.ListCommands;
import io.hashslot.commands.pubsub.PubSubCommands;
import io.hashslot.commands.pubsub.PubSubRegistry;
import io.hashslot.commands.script.ScriptCommands;
import io.hashslot.commands.server.ServerCommands;
import io.hashslot.commands.set.SetCommands;
import io.hashslot.commands.string.StringCommands;
import io.hashslot.commands.zset.ZSetCommands;

/**
 * Wires every command family into a node's command table and returns the processor that runs them. The list of
 * families is explicit: adding a family means adding it here.
 */
public final class CommandFamilies {
    private CommandFamilies() {
    }

    public static CommandProcessor install(ServerContext server) {
        CommandTable t = server.commands();
        Transactions transactions = new Transactions(server);
        CommandProcessor processor = new CommandProcessor(server, transactions);
        transactions.register(t);
        PubSubRegistry pubsub = server.pubsub();
        new ConnectionCommands(server, c -> {
            transactions.discardTransaction(c);
            server.monitors().remove(c);
            c.clearFlag(Client.FLAG_MONITOR);
            pubsub.forget(c);
        }).register(t);
        new PubSubCommands(server, pubsub).register(t);
        new StringCommands().register(t);
        new KeyCommands(server).register(t);
        new ServerCommands(server).register(t);
        new ListCommands(server).register(t);
        new HashCommands(server).register(t);
        new SetCommands(server).register(t);
        new ZSetCommands(server).register(t);
        new io.hashslot.commands.hll.HyperLogLogCommands(server).register(t);
        new io.hashslot.commands.memory.MemoryCommands(server).register(t);
        new ScriptCommands(server, processor).register(t);
        return processor;
    }
}
