package io.hashslot.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisCluster;

/** The JUnit example of the README, verbatim: a master crash is absorbed by its replica. */
@HashslotCluster(masters = 3, replicas = 1)
class ReadmeExampleTest {
    @Test
    void survivesAMasterCrash(EmbeddedCluster cluster) {
        try (JedisCluster jedis = new JedisCluster(HostAndPort.from(cluster.seeds().get(0)))) {
            jedis.set("cart:42", "3 items");
            EmbeddedNode owner = cluster.masterFor("cart:42");
            owner.call("WAIT", "1", "1000");              // the replica has the write
            cluster.kill(owner);                           // its replica takes over
            cluster.awaitStable();
            assertEquals("3 items", jedis.get("cart:42"));
        }
    }
}
