# Sourced by dev/redis-cluster-suite.sh and dev/redis-unit-suite.sh: prepares a scratch copy of a Redis source
# tree's tests/ whose src/redis-server starts the Hashslot jar (so every server the harness launches is a Hashslot
# node) and whose src/redis-cli, redis-benchmark and check tools are Debian's.
#   redis_suite_work SRC RUNNER NAME   copies SRC/tests and SRC/RUNNER into $WORK (a new /tmp/NAME-XXXXXX
#                                      unless WORK is set) and sets WORK.

redis_suite_work() {
  local src="$1" runner="$2" name="$3" tool
  command -v tclsh >/dev/null || { echo "tclsh not found (apt-get install -y tcl)" >&2; exit 1; }
  command -v redis-cli >/dev/null || { echo "redis-cli not found (apt-get install -y redis-tools)" >&2; exit 1; }
  source "$ROOT/bin/hashslot-env.sh"
  hashslot_ensure_jar
  WORK="${WORK:-$(mktemp -d "/tmp/$name-XXXXXX")}"
  mkdir -p "$WORK/src"
  rm -rf "$WORK/tests"
  cp -r "$src/tests" "$WORK/tests"
  cp "$src/$runner" "$WORK/"
  cp "$HASHSLOT_JAR" "$WORK/hashslot.jar" # a source change during the run must not rebuild under the nodes
  cat > "$WORK/src/redis-server" <<EOS
#!/bin/bash
exec java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss2m -Xmx512m --add-opens java.base/java.nio=ALL-UNNAMED \\
  -XX:+IgnoreUnrecognizedVMOptions --enable-native-access=ALL-UNNAMED -cp "$WORK/hashslot.jar" \\
  io.hashslot.server.ServerMain "\$@"
EOS
  chmod +x "$WORK/src/redis-server"
  for tool in redis-cli redis-benchmark redis-check-aof redis-check-rdb; do
    if command -v "$tool" >/dev/null; then
      ln -sf "$(command -v "$tool")" "$WORK/src/$tool"
    fi
  done
}
