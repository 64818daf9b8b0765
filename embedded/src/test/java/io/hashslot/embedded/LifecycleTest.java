package io.hashslot.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Builder, topology accessors and close(): nodes stopped, temp directory removed, a given dataDir kept. */
class LifecycleTest {

    @Test
    void closeStopsNodesAndDeletesTheTempDirectory() {
        EmbeddedCluster cluster = EmbeddedCluster.builder().masters(2).nodeTimeout(Duration.ofSeconds(1)).start();
        List<EmbeddedNode> nodes = cluster.nodes();
        Path root = nodes.get(0).dir().getParent();
        assertThat(nodes).hasSize(2).allSatisfy(n -> {
            assertThat(n.port()).isLessThanOrEqualTo(55535);
            assertThat(n.id()).hasSize(40);
            assertThat(n.dir().resolve("nodes.conf")).exists();
        });
        assertThat(cluster.masters()).containsExactlyElementsOf(nodes);
        assertThat(cluster.seeds()).containsExactly(nodes.get(0).address(), nodes.get(1).address());
        assertThat(nodes.get(0).clusterInfo()).containsEntry("cluster_known_nodes", "2")
            .containsEntry("cluster_size", "2");
        cluster.close();
        assertThat(root).doesNotExist();
        for (EmbeddedNode n : nodes) {
            assertThat(n.isRunning()).isFalse();
            assertThatThrownBy(() -> n.call("PING")).isInstanceOf(UncheckedIOException.class);
        }
        cluster.close(); // twice is harmless
    }

    @Test
    void givenDataDirIsKeptWithEachNodesFiles(@TempDir Path dir) {
        try (EmbeddedCluster cluster = EmbeddedCluster.builder().masters(1).replicasPerMaster(1).dataDir(dir)
                .start()) {
            EmbeddedNode master = cluster.masters().get(0);
            assertThat(cluster.replicasOf(master)).hasSize(1);
            EmbeddedNode replica = cluster.replicasOf(master).get(0);
            assertThat(replica.masterId()).isEqualTo(master.id());
            assertThat(replica.clusterNodes()).anyMatch(l -> l.contains("myself,slave " + master.id()));
        }
        assertThat(dir.resolve("node-0/nodes.conf")).exists();
        assertThat(dir.resolve("node-1/nodes.conf")).exists();
        assertThat(Files.exists(dir.resolve("node-0/node.log"))).isTrue();
    }

    @Test
    void badDirectiveFailsTheStartAndLeavesNothingRunning() {
        assertThatThrownBy(() -> EmbeddedCluster.builder().masters(1).config("maxmemory-policy", "nonsense").start())
            .isInstanceOf(IllegalArgumentException.class);
    }
}
