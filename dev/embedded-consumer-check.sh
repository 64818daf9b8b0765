#!/usr/bin/env bash
# Checks hashslot-embedded as another project uses it: installs this build into a PRIVATE copy of the local Maven
# repository (never into ~/.m2), writes a throwaway project depending on io.hashslot:hashslot-embedded (test scope)
# next to JUnit 5 and Jedis 5, and runs its tests: @HashslotCluster + JedisCluster through a master crash, and the
# builder without the annotation (node logs written). Usage: dev/embedded-consumer-check.sh [work-dir]
# Set MVN_OFFLINE=-o to build offline from what ~/.m2 already holds.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORK="${1:-$(mktemp -d /tmp/embedded-consumer-XXXXXX)}"
REPO="$WORK/m2"
PROJECT="$WORK/project"
mkdir -p "$REPO" "$PROJECT/src/test/java/demo"
if [ -d "$HOME/.m2/repository" ]; then
  cp -r "$HOME/.m2/repository/." "$REPO/"
  rm -rf "$REPO/io/hashslot"
fi
echo "Installing this build into $REPO ..."
(cd "$ROOT" && mvn ${MVN_OFFLINE:-} -q -B install -DskipTests -Dmaven.repo.local="$REPO")
VERSION="$(cd "$ROOT" && sed -n 's:.*<version>\(.*\)</version>.*:\1:p' pom.xml | head -1)"

cat > "$PROJECT/pom.xml" <<POM
<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>demo</groupId>
  <artifactId>embedded-consumer</artifactId>
  <version>1.0</version>
  <properties>
    <maven.compiler.release>17</maven.compiler.release>
    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
  </properties>
  <dependencies>
    <dependency>
      <groupId>io.hashslot</groupId>
      <artifactId>hashslot-embedded</artifactId>
      <version>$VERSION</version>
      <scope>test</scope>
    </dependency>
    <dependency>
      <groupId>org.junit.jupiter</groupId>
      <artifactId>junit-jupiter</artifactId>
      <version>5.14.4</version>
      <scope>test</scope>
    </dependency>
    <dependency>
      <groupId>redis.clients</groupId>
      <artifactId>jedis</artifactId>
      <version>5.2.0</version>
      <scope>test</scope>
    </dependency>
  </dependencies>
  <build>
    <plugins>
      <plugin>
        <groupId>org.apache.maven.plugins</groupId>
        <artifactId>maven-compiler-plugin</artifactId>
        <version>3.13.0</version>
      </plugin>
      <plugin>
        <groupId>org.apache.maven.plugins</groupId>
        <artifactId>maven-surefire-plugin</artifactId>
        <version>3.5.2</version>
      </plugin>
    </plugins>
  </build>
</project>
POM
cat > "$PROJECT/src/test/java/demo/OrdersTest.java" <<'JAVA'
package demo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hashslot.embedded.EmbeddedCluster;
import io.hashslot.embedded.EmbeddedNode;
import io.hashslot.embedded.HashslotCluster;
import java.util.List;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisCluster;

@HashslotCluster(masters = 3, replicas = 1, config = {"appendonly", "yes"})
class OrdersTest {
    @Test
    void writesSpreadOverMastersAndSurviveACrash(EmbeddedCluster cluster, List<String> seeds) {
        try (JedisCluster jedis = new JedisCluster(HostAndPort.from(seeds.get(0)))) {
            for (int i = 0; i < 100; i++) {
                jedis.set("order:" + i, "v" + i);
            }
            java.util.Set<Integer> owners = new java.util.HashSet<>();
            for (int i = 0; i < 100; i++) {
                owners.add(cluster.masterFor("order:" + i).port());
            }
            assertEquals(3, owners.size());
            EmbeddedNode owner = cluster.masterFor("order:7");
            cluster.kill(owner);
            cluster.restart(owner);
            cluster.awaitStable();
            for (int i = 0; i < 100; i++) {
                assertEquals("v" + i, jedis.get("order:" + i));
            }
        }
    }
}
JAVA

cat > "$PROJECT/src/test/java/demo/BuilderLogTest.java" <<'JAVA'
package demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hashslot.embedded.EmbeddedCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisCluster;

class BuilderLogTest {
    @TempDir
    Path data;

    @Test
    void builderWithoutTheAnnotationAndNodeLogsAreWritten() throws Exception {
        try (EmbeddedCluster cluster = EmbeddedCluster.builder().masters(3).dataDir(data).start();
             JedisCluster jedis = new JedisCluster(HostAndPort.from(cluster.seeds().get(0)))) {
            jedis.set("a", "1");
            assertEquals("1", jedis.get("a"));
        }
        String log = Files.readString(data.resolve("node-0").resolve("node.log"));
        assertTrue(log.contains("Ready to accept connections"), log);
    }
}
JAVA

echo "Running the consumer project's tests ..."
(cd "$PROJECT" && mvn ${MVN_OFFLINE:-} -q -B test -Dmaven.repo.local="$REPO")
grep -h "Tests run" "$PROJECT"/target/surefire-reports/*.txt
echo "OK: $WORK (delete it when done)"
