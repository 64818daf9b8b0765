package io.hashslot.cluster.route;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every row of redirection-and-slots.md §3 (routing decision) and §4 (exact error texts). */
class RouterTest {
    record Node(String name, String ip, int port, int pport, String hostname) implements NodeEndpoint {
    }

    /** A hand-built view: slot owners, open slots, state and settings. */
    static final class View implements RoutingView {
        final Map<Integer, NodeEndpoint> owners = new HashMap<>();
        final Map<Integer, NodeEndpoint> importing = new HashMap<>();
        final Map<Integer, NodeEndpoint> migrating = new HashMap<>();
        NodeEndpoint me = ME;
        NodeEndpoint master;
        boolean ok = true;
        boolean readsWhenDown;
        boolean pubsubshardWhenDown = true;
        String endpointType = "ip";

        @Override
        public NodeEndpoint slotOwner(int slot) {
            return owners.get(slot);
        }

        @Override
        public NodeEndpoint importingFrom(int slot) {
            return importing.get(slot);
        }

        @Override
        public NodeEndpoint migratingTo(int slot) {
            return migrating.get(slot);
        }

        @Override
        public NodeEndpoint me() {
            return me;
        }

        @Override
        public NodeEndpoint myMaster() {
            return master;
        }

        @Override
        public boolean stateOk() {
            return ok;
        }

        @Override
        public boolean allowReadsWhenDown() {
            return readsWhenDown;
        }

        @Override
        public boolean allowPubsubshardWhenDown() {
            return pubsubshardWhenDown;
        }

        @Override
        public String preferredEndpoint(NodeEndpoint n) {
            return switch (endpointType) {
                case "ip" -> n.ip();
                case "hostname" -> n.hostname().isEmpty() ? "?" : n.hostname();
                default -> "";
            };
        }
    }

    static final Node ME = new Node("a".repeat(40), "127.0.0.1", 6391, 0, "");
    static final Node OTHER = new Node("b".repeat(40), "127.0.0.1", 6390, 0, "other.example");
    static final Node THIRD = new Node("c".repeat(40), "10.0.0.3", 7000, 7100, "");
    // foo: 12182, hello: 866, key1: 9189, bar: 5061, {user1000}.x: 3443
    static final int FOO = 12182;
    static final int HELLO = 866;

    View view;
    final Set<String> present = new HashSet<>();
    final Predicate<byte[]> exists = k -> present.contains(new String(k, StandardCharsets.ISO_8859_1));

    static List<byte[]> keys(String... ks) {
        return java.util.Arrays.stream(ks).map(k -> k.getBytes(StandardCharsets.ISO_8859_1)).toList();
    }

    static RouteRequest read(String... ks) {
        return RouteRequest.of(false, keys(ks));
    }

    static RouteRequest write(String... ks) {
        return RouteRequest.of(true, keys(ks));
    }

    Redirect route(RouteRequest r) {
        return Router.route(view, r, exists);
    }

    @BeforeEach
    void setUp() {
        view = new View();
        for (int s = 0; s < 16384; s++) {
            view.owners.put(s, s < 8192 ? ME : OTHER);
        }
    }

    @Test
    void execWithoutMultiRunsLocally() {
        view.owners.remove(FOO);
        RouteRequest exec = new RouteRequest(keys("foo"), true, false, false, false, false, false, false, false, false,
            false);
        assertThat(route(exec)).isEqualTo(Redirect.NONE);
    }

    @Test
    void unboundSlotIsReportedBeforeTheClusterState() {
        view.owners.remove(HELLO);
        view.ok = false;
        Redirect r = route(read("hello"));
        assertThat(r).isInstanceOf(Redirect.DownUnbound.class);
        assertThat(r.errorText()).isEqualTo("CLUSTERDOWN Hash slot not served");
    }

    @Test
    void keysOfDifferentSlotsAreCrossSlot() {
        Redirect r = route(read("hello", "foo"));
        assertThat(r.errorText()).isEqualTo("CROSSSLOT Keys in request don't hash to the same slot");
        assertThat(route(read("{user1000}.following", "{user1000}.followers"))).isEqualTo(Redirect.NONE);
        assertThat(route(read("hello", "hello"))).isEqualTo(Redirect.NONE);
    }

    @Test
    void noKeysRunsLocallyEvenWhenDown() {
        view.ok = false;
        assertThat(route(read())).isEqualTo(Redirect.NONE);
    }

    @Test
    void clusterDownRules() {
        view.ok = false;
        assertThat(route(read("hello")).errorText()).isEqualTo("CLUSTERDOWN The cluster is down");
        view.readsWhenDown = true;
        assertThat(route(write("hello")).errorText())
            .isEqualTo("CLUSTERDOWN The cluster is down and only accepts read commands");
        assertThat(route(read("hello"))).isEqualTo(Redirect.NONE);
        assertThat(route(read("foo")).errorText()).isEqualTo("MOVED 12182 127.0.0.1:6390");
        // EXEC itself is not a write command: with reads allowed it passes the down check
        RouteRequest exec = new RouteRequest(keys("hello"), true, true, false, false, false, false, true, false, false,
            false);
        assertThat(route(exec)).isEqualTo(Redirect.NONE);
    }

    @Test
    void shardedPubsubWhenDown() {
        view.ok = false;
        RouteRequest spublish = new RouteRequest(keys("hello"), false, false, true, false, true, false, false, false,
            false, false);
        assertThat(route(spublish)).isEqualTo(Redirect.NONE);
        view.pubsubshardWhenDown = false;
        assertThat(route(spublish).errorText()).isEqualTo("CLUSTERDOWN The cluster is down");
    }

    @Test
    void migrateRunsLocallyOnOpenSlots() {
        view.migrating.put(HELLO, OTHER);
        RouteRequest migrate = new RouteRequest(keys("hello"), false, false, false, true, true, false, false, false,
            false, false);
        assertThat(route(migrate)).isEqualTo(Redirect.NONE);
        view.migrating.clear();
        view.importing.put(FOO, OTHER);
        RouteRequest migrateFoo = new RouteRequest(keys("foo"), false, false, false, true, true, false, false, false,
            false, false);
        assertThat(route(migrateFoo)).isEqualTo(Redirect.NONE);
    }

    @Test
    void migratingSlotAsksForMissingKeysAndRetriesPartialOnes() {
        view.migrating.put(HELLO, OTHER);
        assertThat(route(read("hello")).errorText()).isEqualTo("ASK 866 127.0.0.1:6390");
        present.add("hello");
        assertThat(route(read("hello"))).isEqualTo(Redirect.NONE);
        String sameSlot = sameSlotAs("hello");
        assertThat(route(read("hello", sameSlot)).errorText())
            .isEqualTo("TRYAGAIN Multiple keys request during rehashing of slot");
        present.add(sameSlot);
        assertThat(route(read("hello", sameSlot))).isEqualTo(Redirect.NONE);
    }

    @Test
    void migratingCountsOnlyWhenTheSlotIsMine() {
        view.migrating.put(FOO, THIRD); // foo is OTHER's slot: not "migrating" here
        assertThat(route(read("foo")).errorText()).isEqualTo("MOVED 12182 127.0.0.1:6390");
    }

    @Test
    void importingSlotServesAskingClientsOnly() {
        view.importing.put(FOO, OTHER);
        assertThat(route(read("foo")).errorText()).isEqualTo("MOVED 12182 127.0.0.1:6390");
        assertThat(route(read("foo").asking())).isEqualTo(Redirect.NONE);
        RouteRequest restoreAsking = new RouteRequest(keys("foo"), false, false, false, false, true, true, false, false,
            false, false);
        assertThat(route(restoreAsking)).isEqualTo(Redirect.NONE);
        String sameSlot = sameSlotAs("foo");
        present.add("foo");
        assertThat(route(read("foo", sameSlot).asking()).errorText())
            .isEqualTo("TRYAGAIN Multiple keys request during rehashing of slot");
        present.add(sameSlot);
        assertThat(route(read("foo", sameSlot).asking())).isEqualTo(Redirect.NONE);
        // the same key twice is not "multiple keys"
        present.clear();
        assertThat(route(read("foo", "foo").asking())).isEqualTo(Redirect.NONE);
    }

    @Test
    void readonlyReplicaServesReadsOfItsMastersSlots() {
        view.me = THIRD;
        view.master = OTHER;
        for (int s = 0; s < 16384; s++) {
            view.owners.put(s, s < 8192 ? ME : OTHER);
        }
        assertThat(route(read("foo")).errorText()).isEqualTo("MOVED 12182 127.0.0.1:6390");
        assertThat(route(read("foo").readonlyClient())).isEqualTo(Redirect.NONE);
        assertThat(route(write("foo").readonlyClient()).errorText()).isEqualTo("MOVED 12182 127.0.0.1:6390");
        assertThat(route(read("hello").readonlyClient()).errorText()).isEqualTo("MOVED 866 127.0.0.1:6391");
        RouteRequest execWithWrite = new RouteRequest(keys("foo"), true, true, false, false, false, false, true,
            false, true, false);
        assertThat(route(execWithWrite).errorText()).isEqualTo("MOVED 12182 127.0.0.1:6390");
        RouteRequest ssubscribe = new RouteRequest(keys("foo"), false, false, true, false, false, false, false, false,
            false, false);
        assertThat(route(ssubscribe)).isEqualTo(Redirect.NONE);
    }

    @Test
    void ownSlotRunsLocallyOthersMove() {
        assertThat(route(write("hello"))).isEqualTo(Redirect.NONE);
        Redirect moved = route(write("foo"));
        assertThat(moved).isEqualTo(new Redirect.Moved(FOO, "127.0.0.1", 6390));
        assertThat(moved.errorText()).isEqualTo("MOVED 12182 127.0.0.1:6390");
    }

    @Test
    void endpointTypesAndPlaintextPorts() {
        view.endpointType = "hostname";
        assertThat(route(read("foo")).errorText()).isEqualTo("MOVED 12182 other.example:6390");
        view.owners.put(FOO, THIRD);
        assertThat(route(read("foo")).errorText()).isEqualTo("MOVED 12182 ?:7000");
        view.endpointType = "unknown-endpoint";
        assertThat(route(read("foo")).errorText()).isEqualTo("MOVED 12182 :7000");
        view.endpointType = "ip";
        RouteRequest tlsClient = new RouteRequest(keys("foo"), false, false, false, false, false, false, false, false,
            false, true);
        assertThat(route(tlsClient).errorText()).isEqualTo("MOVED 12182 10.0.0.3:7100");
    }

    @Test
    void blockedClients() {
        assertThat(Router.routeBlocked(view, HELLO, false, false, false)).isEqualTo(Redirect.NONE);
        assertThat(Router.routeBlocked(view, FOO, false, false, false).errorText())
            .isEqualTo("MOVED 12182 127.0.0.1:6390");
        view.importing.put(FOO, OTHER);
        assertThat(Router.routeBlocked(view, FOO, false, false, false)).isEqualTo(Redirect.NONE);
        view.owners.remove(5);
        assertThat(Router.routeBlocked(view, 5, false, false, false).errorText())
            .isEqualTo("CLUSTERDOWN Hash slot not served");
        view.ok = false;
        view.readsWhenDown = true;
        assertThat(Router.routeBlocked(view, HELLO, false, false, false).errorText())
            .isEqualTo("CLUSTERDOWN The cluster is down");
        view.ok = true;
        view.me = THIRD;
        view.master = OTHER;
        view.importing.clear();
        assertThat(Router.routeBlocked(view, FOO, true, false, false)).isEqualTo(Redirect.NONE);
        assertThat(Router.routeBlocked(view, FOO, true, true, false).errorText())
            .isEqualTo("MOVED 12182 127.0.0.1:6390");
    }

    /** Another key with the same hash slot (tagged). */
    private static String sameSlotAs(String key) {
        int slot = io.hashslot.common.HashSlot.of(key.getBytes(StandardCharsets.ISO_8859_1));
        for (int i = 0; ; i++) {
            String k = "k" + i;
            if (!k.equals(key) && io.hashslot.common.HashSlot.of(k.getBytes(StandardCharsets.ISO_8859_1)) == slot) {
                return k;
            }
        }
    }
}
