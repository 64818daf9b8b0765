package io.hashslot.commands;

/**
 * Implemented by the pub/sub family's per-client state ({@link Client#pubsub()}) so that CLIENT LIST and INFO
 * can report how many channels, patterns and shard channels a client is subscribed to.
 */
public interface SubscriptionCounts {
    int channels();

    int patterns();

    int shardChannels();
}
