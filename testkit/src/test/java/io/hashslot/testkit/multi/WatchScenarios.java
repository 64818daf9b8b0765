package io.hashslot.testkit.multi;

import java.util.List;

/**
 * Transactions seen from several connections: WATCH invalidated (or not) by other clients' writes, by expiry,
 * by FLUSHDB / FLUSHALL / SWAPDB, across databases and transactions. Each scenario names what its last command
 * (an EXEC) must reply; the whole transcript is also compared with real Redis.
 */
final class WatchScenarios {
    /** EXEC aborted by a touched watched key. */
    static final String ABORTED = "*-1\\r\\n";
    /** EXEC of a lone PING that ran. */
    static final String RAN_PING = "*1\\r\\n+PONG\\r\\n";

    private WatchScenarios() {
    }

    private static Scenario watchThenExec(String name, String key) {
        return new Scenario(name).a("WATCH", key);
    }

    private static Scenario execPing(Scenario s) {
        return s.a("MULTI").a("PING").a("EXEC");
    }

    static List<Scenario> all() {
        return List.of(
            execPing(watchThenExec("other client's SET aborts", "x").b("SET", "x", "1")).expect(ABORTED),
            execPing(watchThenExec("other client's write to another key runs", "x").b("SET", "y", "1"))
                .expect(RAN_PING),
            execPing(new Scenario("other client's DEL aborts").b("SET", "x", "1").a("WATCH", "x")
                .b("DEL", "x")).expect(ABORTED),
            execPing(watchThenExec("other client's DEL of a missing key runs", "x").b("DEL", "x"))
                .expect(RAN_PING),
            execPing(new Scenario("other client's EXPIRE aborts").b("SET", "x", "1").a("WATCH", "x")
                .b("EXPIRE", "x", "100")).expect(ABORTED),
            execPing(new Scenario("other client's failed INCR runs").b("SET", "x", "abc").a("WATCH", "x")
                .b("INCR", "x")).expect(RAN_PING),
            execPing(watchThenExec("same key name in another db runs", "x").b("SELECT", "3")
                .b("SET", "x", "1")).expect(RAN_PING),
            execPing(new Scenario("key watched in db 3 written there by another client aborts")
                .a("SELECT", "3").a("WATCH", "x").b("SELECT", "3").b("SET", "x", "1")).expect(ABORTED),
            new Scenario("write between MULTI and EXEC aborts").b("SET", "x", "1").a("WATCH", "x")
                .a("MULTI").a("INCR", "x").b("SET", "x", "10").a("EXEC").expect(ABORTED),
            new Scenario("MULTI without WATCH is not affected").b("SET", "x", "1").a("MULTI").a("INCR", "x")
                .b("SET", "x", "10").a("EXEC").expect("*1\\r\\n:11\\r\\n"),
            execPing(new Scenario("other client's FLUSHALL aborts").b("SET", "x", "1").a("WATCH", "x")
                .b("FLUSHALL")).expect(ABORTED),
            execPing(watchThenExec("other client's FLUSHALL of missing key runs", "x").b("FLUSHALL"))
                .expect(RAN_PING),
            execPing(new Scenario("other client's FLUSHDB aborts").b("SET", "x", "1").a("WATCH", "x")
                .b("FLUSHDB")).expect(ABORTED),
            execPing(new Scenario("other client's FLUSHDB of another db runs").b("SET", "x", "1")
                .a("WATCH", "x").b("SELECT", "1").b("SET", "x", "1").b("FLUSHDB")).expect(RAN_PING),
            execPing(new Scenario("other client's SWAPDB bringing the key in aborts").b("SELECT", "1")
                .b("SET", "x", "1").a("WATCH", "x").b("SWAPDB", "0", "1")).expect(ABORTED),
            execPing(new Scenario("other client's SWAPDB taking the key away aborts").b("SET", "x", "1")
                .a("WATCH", "x").b("SWAPDB", "0", "1")).expect(ABORTED),
            execPing(new Scenario("other client's SWAPDB of other dbs runs").b("SET", "x", "1")
                .a("WATCH", "x").b("SELECT", "2").b("SET", "x", "2").b("SWAPDB", "1", "2")).expect(RAN_PING),
            execPing(new Scenario("other client's transaction aborts").b("SET", "x", "1").a("WATCH", "x")
                .b("MULTI").b("INCR", "x").b("EXEC")).expect(ABORTED),
            execPing(new Scenario("other client's discarded transaction runs").b("SET", "x", "1")
                .a("WATCH", "x").b("MULTI").b("INCR", "x").b("DISCARD")).expect(RAN_PING),
            new Scenario("two watchers of one key both abort").on(2, "SET", "x", "1").a("WATCH", "x")
                .b("WATCH", "x").on(2, "SET", "x", "2").b("MULTI").b("PING").b("EXEC").a("MULTI").a("PING")
                .a("EXEC").expect(ABORTED),
            new Scenario("one watcher's own transaction aborts the other").on(2, "SET", "x", "1")
                .a("WATCH", "x").b("WATCH", "x").b("MULTI").b("INCR", "x").b("EXEC").a("MULTI").a("PING")
                .a("EXEC").expect(ABORTED),
            execPing(new Scenario("RESET forgets watched keys").b("SET", "x", "1").a("WATCH", "x")
                .a("RESET").b("SET", "x", "2")).expect(RAN_PING),
            execPing(new Scenario("UNWATCH forgets watched keys").b("SET", "x", "1").a("WATCH", "x")
                .a("UNWATCH").b("SET", "x", "2")).expect(RAN_PING),
            new Scenario("watched key expiring before EXEC aborts").a("SET", "x", "1", "PX", "100")
                .a("WATCH", "x").sleep(250).a("MULTI").a("INCR", "x").a("EXEC").expect(ABORTED),
            new Scenario("watched key expiring before EXEC aborts without active expiry").activeExpire(false)
                .a("SET", "x", "1", "PX", "100").a("WATCH", "x").sleep(250).a("MULTI").a("INCR", "x")
                .a("EXEC").expect(ABORTED),
            execPing(new Scenario("watched key expiring after EXEC's check runs").a("SET", "x", "1", "PX",
                "100000").a("WATCH", "x")).expect(RAN_PING),
            execPing(new Scenario("key expired at WATCH time is ignored").activeExpire(false)
                .a("SET", "x", "1", "PX", "1").sleep(10).a("WATCH", "x")).expect(RAN_PING),
            execPing(new Scenario("key expired at WATCH time deleted by another client's read runs")
                .activeExpire(false).a("SET", "x", "1", "PX", "1").sleep(10).a("WATCH", "x").b("EXISTS", "x")
                .b("GET", "x")).expect(RAN_PING),
            execPing(new Scenario("key expired at WATCH time set again by another client aborts")
                .activeExpire(false).a("SET", "x", "1", "PX", "1").sleep(10).a("WATCH", "x")
                .b("SET", "x", "2")).expect(ABORTED),
            execPing(new Scenario("key expired at WATCH time deleted by FLUSHALL runs").activeExpire(false)
                .a("SET", "x", "1", "PX", "1").sleep(10).a("WATCH", "x").b("FLUSHALL")).expect(RAN_PING),
            execPing(new Scenario("key expired at WATCH time deleted then set aborts").activeExpire(false)
                .a("SET", "x", "1", "PX", "1").sleep(10).a("WATCH", "x").b("EXISTS", "x")
                .b("SET", "x", "2")).expect(ABORTED),
            execPing(new Scenario("SWAPDB does not touch watched stale keys").activeExpire(false)
                .a("SELECT", "1").a("SET", "x", "foo", "PX", "1").sleep(10).a("WATCH", "x")
                .b("SWAPDB", "0", "1")).expect(RAN_PING),
            execPing(new Scenario("SWAPDB does not touch missing key replaced with stale key").activeExpire(false)
                .a("SET", "x", "foo", "PX", "1").sleep(10).a("SELECT", "1").a("WATCH", "x")
                .b("SWAPDB", "0", "1")).expect(RAN_PING),
            execPing(new Scenario("SWAPDB does not touch stale key replaced with stale key").activeExpire(false)
                .a("SELECT", "1").a("SET", "x", "foo", "PX", "1").a("SELECT", "0").a("SET", "x", "bar", "PX", "1")
                .sleep(10).a("SELECT", "1").a("WATCH", "x").b("SWAPDB", "0", "1")).expect(RAN_PING),
            execPing(new Scenario("SWAPDB replacing stale key with live key aborts").activeExpire(false)
                .a("SELECT", "1").a("SET", "x", "foo", "PX", "1").a("SELECT", "0").a("SET", "x", "bar")
                .sleep(10).a("SELECT", "1").a("WATCH", "x").b("SWAPDB", "0", "1")).expect(ABORTED),
            execPing(new Scenario("missing key replaced with stale key then set aborts").activeExpire(false)
                .a("SET", "x", "foo", "PX", "1").sleep(10).a("SELECT", "1").a("WATCH", "x")
                .b("SWAPDB", "0", "1").b("SELECT", "1").b("SET", "x", "new")).expect(ABORTED)
        );
    }
}
