package io.hashslot.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisCluster;

/** The ten-line example of docs/embedded.md, verbatim. */
@HashslotCluster(masters = 3, replicas = 1, config = {"appendonly", "yes"})
class CartTest {
    @Test
    void survivesAMasterCrash(EmbeddedCluster cluster) {
        try (JedisCluster jedis = new JedisCluster(HostAndPort.from(cluster.seeds().get(0)))) {
            jedis.set("cart:42", "3 items");
            EmbeddedNode owner = cluster.masterFor("cart:42");
            cluster.kill(owner);                 // crash: nothing saved but what the AOF already holds
            cluster.restart(owner);              // same port, same files
            cluster.awaitStable();
            assertEquals("3 items", jedis.get("cart:42"));
        }
    }
}
