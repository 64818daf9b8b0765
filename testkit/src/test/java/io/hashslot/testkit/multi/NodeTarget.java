package io.hashslot.testkit.multi;

import io.hashslot.testkit.TestNode;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/** A Hashslot test node as a {@link Scenario.Target}; reads node state on the node's own thread. */
final class NodeTarget implements Scenario.Target {
    final TestNode node;

    NodeTarget(TestNode node) {
        this.node = node;
    }

    @Override
    public int port() {
        return node.port();
    }

    @Override
    public void activeExpire(boolean enabled) {
        onNode(ctx -> {
            ctx.keyspace().setActiveExpireEnabled(enabled);
            return null;
        });
    }

    /** Runs {@code f} on the node's execution thread and returns its result. */
    <T> T onNode(Function<io.hashslot.commands.ServerContext, T> f) {
        CompletableFuture<T> result = new CompletableFuture<>();
        node.server().execute(() -> {
            try {
                result.complete(f.apply(node.server().context()));
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        try {
            return result.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
