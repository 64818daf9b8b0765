package io.hashslot.commands;

import java.util.function.BiConsumer;

/**
 * What commands ask of the node's persistence (RDB and AOF files): SAVE, BGSAVE, BGREWRITEAOF, DEBUG RELOAD, the
 * MISCONF write gate, FLUSHALL's save and the INFO persistence fields. The server installs the real
 * implementation with {@link ServerContext#setPersistence}; {@link #NONE} is a node that never saves.
 */
public interface PersistenceControl {
    /** A reply to send: a status line, or an error (without the leading '-'). */
    record Outcome(String status, String error) {
        public static Outcome ok(String status) {
            return new Outcome(status, null);
        }

        public static Outcome error(String error) {
            return new Outcome(null, error);
        }

        /** Sends it to the client. */
        public void reply(Client c) {
            if (error != null) {
                c.error(error);
            } else {
                c.reply().simple(status);
            }
        }
    }

    /** SAVE (also inside MULTI/scripts where Redis allows it). */
    Outcome save();

    /** BGSAVE [SCHEDULE]; {@code inExec} is true inside MULTI/EXEC (Redis then schedules). */
    Outcome bgsave(boolean schedule, boolean inExec);

    /** BGREWRITEAOF. */
    Outcome bgrewriteaof();

    /** DEBUG RELOAD [MERGE] [NOFLUSH] [NOSAVE]; called with the dataset owned by the caller. */
    Outcome debugReload(boolean merge, boolean flush, boolean save);

    /** DEBUG LOADAOF. */
    Outcome debugLoadAof();

    /** The MISCONF error (without '-') write commands get while persistence is failing, or null. */
    String diskError();

    /** After FLUSHALL emptied the keyspace: stop a running BGSAVE, and save when save points are configured. */
    void flushedAll();

    /** The INFO persistence fields in Redis's order. */
    void info(BiConsumer<String, Object> field);

    /** A node without persistence: SAVE and BGSAVE fail, INFO shows nothing saved. */
    PersistenceControl NONE = new PersistenceControl() {
        @Override
        public Outcome save() {
            return Outcome.error("ERR");
        }

        @Override
        public Outcome bgsave(boolean schedule, boolean inExec) {
            return Outcome.error("ERR");
        }

        @Override
        public Outcome bgrewriteaof() {
            return Outcome.error("ERR");
        }

        @Override
        public Outcome debugReload(boolean merge, boolean flush, boolean save) {
            return Outcome.error("ERR");
        }

        @Override
        public Outcome debugLoadAof() {
            return Outcome.error("ERR");
        }

        @Override
        public String diskError() {
            return null;
        }

        @Override
        public void flushedAll() {
        }

        @Override
        public void info(BiConsumer<String, Object> field) {
            field.accept("loading", 0);
            field.accept("rdb_changes_since_last_save", 0);
            field.accept("rdb_bgsave_in_progress", 0);
            field.accept("aof_enabled", 0);
        }
    };
}
