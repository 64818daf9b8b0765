# Shared by the bin/ launchers: finds (and if needed builds) the Hashslot jar, and picks JVM options.
# HASHSLOT_JAR set in the environment names a ready jar to use as is: nothing is checked or rebuilt
# (the build's own tests of these scripts use it, as may packagers).
# shellcheck shell=bash
HASHSLOT_HOME="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [ -n "${HASHSLOT_JAR:-}" ]; then
  HASHSLOT_JAR_GIVEN=1
else
  HASHSLOT_JAR_GIVEN=0
  HASHSLOT_JAR="$HASHSLOT_HOME/dist/target/hashslot.jar"
fi

hashslot_jar_stale() {
  [ ! -f "$HASHSLOT_JAR" ] && return 0
  # any source or build file newer than the jar means it must be rebuilt
  [ -n "$(find "$HASHSLOT_HOME" -path "$HASHSLOT_HOME/*/target" -prune -o \
      \( -name '*.java' -o -name 'pom.xml' -o -path '*/src/main/resources/*' \) -newer "$HASHSLOT_JAR" \
      -print -quit 2>/dev/null)" ]
}

hashslot_ensure_jar() {
  if [ "$HASHSLOT_JAR_GIVEN" = 1 ]; then
    [ -f "$HASHSLOT_JAR" ] || { echo "HASHSLOT_JAR=$HASHSLOT_JAR: no such file." >&2; exit 1; }
    return 0
  fi
  if hashslot_jar_stale; then
    echo "Building Hashslot (mvn package)..." >&2
    (cd "$HASHSLOT_HOME" && mvn -q -B -DskipTests -pl dist -am package >&2) || {
      echo "Build failed." >&2; exit 1; }
  fi
}

hashslot_java() {
  local java_bin="${JAVA_HOME:+$JAVA_HOME/bin/}java"
  # shellcheck disable=SC2086
  exec "$java_bin" ${HASHSLOT_JAVA_OPTS:-} --add-opens java.base/java.nio=ALL-UNNAMED \
    -XX:+IgnoreUnrecognizedVMOptions --enable-native-access=ALL-UNNAMED \
    -cp "$HASHSLOT_JAR" "$@"
}
