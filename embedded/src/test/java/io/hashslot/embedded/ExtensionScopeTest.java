package io.hashslot.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A method-level @HashslotCluster gets a cluster of its own, injected as seeds or as the cluster. */
class ExtensionScopeTest {

    @Test
    @HashslotCluster(masters = 1)
    void methodScopedClusterInjectsSeedsAndCluster(List<String> seeds, EmbeddedCluster cluster) {
        assertThat(seeds).hasSize(1).isEqualTo(cluster.seeds());
        EmbeddedNode only = cluster.nodes().get(0);
        assertThat(only.clusterInfo()).containsEntry("cluster_state", "ok").containsEntry("cluster_slots_assigned",
            "16384");
        assertThat(only.call("SET", "k", "v")).isEqualTo("OK");
        assertThat(only.call("GET", "k")).isEqualTo("v");
    }
}
