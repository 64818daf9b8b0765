package io.hashslot.cluster.conf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hashslot.cluster.Golden;
import io.hashslot.cluster.core.ClusterAction;
import io.hashslot.cluster.core.ClusterNode;
import io.hashslot.cluster.core.ClusterSettings;
import io.hashslot.cluster.core.DataProbe;
import io.hashslot.cluster.core.KnownNode;
import io.hashslot.cluster.core.NodeFlags;
import io.hashslot.cluster.core.Nodes;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** nodes.conf written by real redis-server 7.0.15 loads; ours round-trips; corrupt files are refused by line. */
class NodesConfTest {
    static final long NOW = 1_800_000_000_000L;

    /** Loads with the settings the file's node ran with (myself's ports and hostname come from the config). */
    static ClusterNode load(String text, int port, String hostname) throws NodesConfException {
        return ClusterNode.fromConfig(NodesConf.parse(text), ClusterSettings.defaults(port)
            .withAnnounceHostname(hostname), new SplittableRandom(1), DataProbe.EMPTY, NOW);
    }

    /**
     * The lines as a set, with what a restart changes blanked: ping/pong times (non-zero becomes "now") and the
     * link state of other nodes (no link yet).
     */
    static List<String> normalized(String text) {
        return text.lines().filter(l -> !l.startsWith("vars")).map(l -> {
            String[] f = l.split(" ");
            f[4] = f[4].equals("0") ? "0" : "T";
            f[5] = f[5].equals("0") ? "0" : "T";
            f[7] = "L";
            return String.join(" ", f);
        }).sorted().collect(Collectors.toList());
    }

    @Test
    void loadsWhatRealRedisWrote() throws NodesConfException {
        for (String name : List.of("after-all", "replica", "meet-hostname")) {
            String file = Golden.nodesConf(name);
            ClusterNode c = name.equals("replica") ? load(file, 31003, "") : load(file, 31001, "myhost.example");
            String ours = NodesConf.render(c);
            assertThat(normalized(ours)).as(name).isEqualTo(normalized(file));
            assertThat(ours.lines().filter(l -> l.startsWith("vars")).toList())
                .isEqualTo(file.lines().filter(l -> l.startsWith("vars")).toList());
        }
    }

    @Test
    void loadedStateIsWhatTheFileSays() throws NodesConfException {
        ClusterNode c = load(Golden.nodesConf("after-all"), 31001, "myhost.example");
        KnownNode me = c.myself();
        assertThat(me.name()).isEqualTo("00fc4258566c784b51739b959cbee9e08102ee81");
        assertThat(me.hostname()).isEqualTo("myhost.example");
        assertThat(me.configEpoch()).isEqualTo(10);
        assertThat(me.numSlots()).isEqualTo(100);
        assertThat(c.currentEpoch()).isEqualTo(11);
        assertThat(c.lastVoteEpoch()).isEqualTo(11);
        KnownNode b = c.lookup("b".repeat(39) + "2");
        assertThat(b.flags()).isEqualTo(NodeFlags.MASTER | NodeFlags.FAIL);
        assertThat(b.failTime()).isEqualTo(NOW);
        assertThat(b.pingSent()).isEqualTo(NOW);
        KnownNode d = c.lookup("d".repeat(39) + "4");
        assertThat(d.isReplica()).isTrue();
        assertThat(d.master().name()).isEqualTo("a".repeat(39) + "1");
        assertThat(d.configEpoch()).isZero();
        assertThat(d.printedConfigEpoch()).isEqualTo(3);
        assertThat(c.slotOwner(150).name()).isEqualTo("a".repeat(39) + "1");
        assertThat(c.slotOwner(50)).isSameAs(me);
        assertThat(c.slotOwner(500)).isNull();
    }

    @Test
    void roundTripsOurOwnOutput() throws NodesConfException {
        String text = """
            aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa1 10.0.0.1:7000@17000,host-a myself,master - 0 0 3 connected \
            0-10 12 [11->-bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb2] [13-<-bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb2]
            bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb2 [::1]:7001@17001 master,fail? - 5 6 2 connected 11 13-16383
            ccccccccccccccccccccccccccccccccccccccc3 10.0.0.3:7002@17002 slave,nofailover \
            bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb2 0 1 9 connected
            dddddddddddddddddddddddddddddddddddddd04 :0@0 master,noaddr - 0 0 0 disconnected
            vars currentEpoch 7 lastVoteEpoch 4
            """;
        ClusterNode c = load(text, 7000, "host-a");
        String once = NodesConf.render(c);
        String twice = NodesConf.render(load(once, 7000, "host-a"));
        assertThat(twice).isEqualTo(once);
        assertThat(once).contains("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa1 10.0.0.1:7000@17000,host-a myself,master"
            + " - 0 0 3 connected 0-10 12 [11->-bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb2]"
            + " [13-<-bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb2]\n");
        assertThat(once).contains("bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb2 [::1]:7001@17001 master,fail? - " + NOW
            + " " + NOW + " 2 disconnected 11 13-16383\n");
        assertThat(once).contains("ccccccccccccccccccccccccccccccccccccccc3 10.0.0.3:7002@17002 slave,nofailover "
            + "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb2 0 " + NOW + " 2 disconnected\n");
        assertThat(once).endsWith("vars currentEpoch 7 lastVoteEpoch 4\n");
    }

    @Test
    void redisLenientRules() throws NodesConfException {
        String text = "\n"
            + "AAAA\n".substring(0, 0)
            + "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa1 \"127.0.0.1:7000\" MYSELF,Master - 0x 12abc 5junk x 1-2 9\n"
            + "\n"
            + "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb2 127.0.0.1:7001 noflags - 0 0 20 connected 2-4\n"
            + "VARS currentEpoch 3 somethingElse 1\n";
        ClusterNode c = ClusterNode.fromConfig(NodesConf.parse(text), ClusterSettings.defaults(7000),
            new SplittableRandom(1), DataProbe.EMPTY, NOW);
        List<ClusterAction> actions = c.takeActions();
        assertThat(actions).contains(new ClusterAction.Log(io.hashslot.common.LogLevel.WARNING,
            "Skipping unknown cluster config variable 'somethingElse'"));
        KnownNode a = c.myself();
        assertThat(a.configEpoch()).isEqualTo(5);
        assertThat(a.pingSent()).isZero();
        assertThat(a.pongReceived()).isEqualTo(NOW);
        KnownNode b = c.lookup("b".repeat(39) + "2");
        assertThat(b.cport()).isEqualTo(17001);
        assertThat(b.flags()).isZero();
        // slot 2 was taken by the first line: the first owner keeps it
        assertThat(c.slotOwner(2)).isSameAs(a);
        assertThat(c.slotOwner(3)).isSameAs(b);
        // currentEpoch is raised to the greatest config epoch
        assertThat(c.currentEpoch()).isEqualTo(20);
    }

    private static void refused(String text, int line, String reason) {
        assertThatThrownBy(() -> NodesConf.parse(text)).isInstanceOf(NodesConfException.class)
            .hasMessageContaining("Unrecoverable error: corrupted cluster config file")
            .hasMessageContaining(reason)
            .satisfies(e -> assertThat(((NodesConfException) e).lineNumber()).isEqualTo(line));
    }

    @Test
    void corruptFilesAreRefusedNamingTheLine() {
        String me = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa1 127.0.0.1:7000@17000 myself,master - 0 0 0 connected\n";
        refused(me + "bbbb 127.0.0.1:7001@17001 master - 0 0 0 connected\n", 2, "invalid node name");
        refused(me + "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb2 127.0.0.1:7001 master - 0 0 0\n", 2,
            "at least 8 fields");
        refused(me + "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb2 127.0.0.1 master - 0 0 0 connected\n", 2, "no ':port'");
        refused(me + "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb2 127.0.0.1:1 master,bogus - 0 0 0 connected\n", 2,
            "Unknown flag");
        refused(me + "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb2 127.0.0.1:1 master,,slave - 0 0 0 connected\n", 2,
            "Unknown flag");
        refused(me + "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb2 127.0.0.1:1 slave XYZ 0 0 0 connected\n", 2,
            "invalid master name");
        refused(me + "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb2 127.0.0.1:1 master - 0 0 0 connected 16384\n", 2,
            "slot out of range");
        refused(me + "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb2 127.0.0.1:1 master - 0 0 0 connected 5-99999\n", 2,
            "slot out of range");
        refused(me + "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb2 127.0.0.1:1 master - 0 0 0 connected [5]\n", 2,
            "bad open slot");
        refused(me + "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb2 127.0.0.1:1 master - 0 0 0 connected [5->-abc]\n", 2,
            "bad node name in open slot");
        refused(me + "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb2 \"127.0.0.1:1 master - 0 0 0 connected\n", 2,
            "unbalanced quotes");
        refused(me + "vars currentEpoch\n", 2, "key value pairs");
        refused(me + "   \n", 2, "line without fields");
        refused(me + me, 2, "a second node flagged myself");
        refused("bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb2 127.0.0.1:1 master - 0 0 0 connected\n", 0,
            "no node is flagged myself");
    }

    @Test
    void freshNodeSavesItsConfigRightAway() {
        ClusterNode c = ClusterNode.fresh(ClusterSettings.defaults(7000), new SplittableRandom(3), DataProbe.EMPTY,
            NOW);
        List<ClusterAction.SaveConfig> saves = Nodes.of(c.takeActions(), ClusterAction.SaveConfig.class);
        assertThat(saves).hasSize(1);
        assertThat(saves.get(0).fsync()).isTrue();
        // Redis writes its first nodes.conf before it knows its ports: ":0@0"
        assertThat(saves.get(0).content()).isEqualTo(c.myself().name() + " :0@0 myself,master - 0 0 0 connected\n"
            + "vars currentEpoch 0 lastVoteEpoch 0\n");
        assertThat(Arrays.asList(c.nodesConf().split("\n"))).containsExactly(
            c.myself().name() + " :7000@17000 myself,master - 0 0 0 connected", "vars currentEpoch 0 lastVoteEpoch 0");
    }
}
