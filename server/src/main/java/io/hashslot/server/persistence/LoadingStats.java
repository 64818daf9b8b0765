package io.hashslot.server.persistence;

import java.util.Locale;
import java.util.function.BiConsumer;

/**
 * Progress of a dataset load that the node serves clients during (startup, a replica's full sync): INFO
 * persistence's loading and loading_* fields, computed as Redis 7.0 computes them. Written by the loader with the
 * node's gate held, read by the event loop.
 */
public final class LoadingStats {
    private volatile boolean active;
    private volatile long startSeconds;
    private volatile long totalBytes;
    private volatile long loadedBytes;

    /** startLoading: {@code totalBytes} is the payload's size, 0 when unknown (a diskless transfer). */
    public void start(long totalBytes, long nowSeconds) {
        this.totalBytes = totalBytes;
        this.loadedBytes = 0;
        this.startSeconds = nowSeconds;
        this.active = true;
    }

    /** loadingAbsProgress. */
    public void progress(long loadedBytes) {
        this.loadedBytes = loadedBytes;
    }

    public void stop() {
        active = false;
    }

    /** loading and async_loading (the detail lines come later, see {@link #details}). */
    void info(BiConsumer<String, Object> f) {
        f.accept("loading", active ? 1 : 0);
        f.accept("async_loading", 0);
    }

    /** loading_start_time ... loading_eta_seconds, after the AOF fields as Redis prints them (only while loading). */
    void details(BiConsumer<String, Object> f, long nowSeconds) {
        if (!active) {
            return;
        }
        long total = totalBytes;
        long loaded = loadedBytes;
        double perc = 0;
        long remaining = 1;
        if (total > 0) {
            perc = (double) loaded / total * 100;
            remaining = total - loaded;
        }
        long elapsed = nowSeconds - startSeconds;
        long eta = elapsed == 0 ? 1 : elapsed * remaining / (loaded + 1);
        f.accept("loading_start_time", startSeconds);
        f.accept("loading_total_bytes", total);
        f.accept("loading_rdb_used_mem", 0);
        f.accept("loading_loaded_bytes", loaded);
        f.accept("loading_loaded_perc", String.format(Locale.ROOT, "%.2f", perc));
        f.accept("loading_eta_seconds", eta);
    }
}
