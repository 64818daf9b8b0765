package io.hashslot.commands;

/** Executes one command for a client. Replies go to {@code c.reply()}. */
@FunctionalInterface
public interface CommandHandler {
    void execute(Client c, byte[][] argv);
}
