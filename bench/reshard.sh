#!/usr/bin/env bash
# bench/reshard.sh: move 1000 slots holding $KEYS keys from one master to another of a 3-master cluster, with our
# admin tool (bin/hashslot-cli --cluster reshard) and with Debian's redis-cli --cluster reshard, on Hashslot nodes
# and on redis-server nodes, one fresh cluster per run, all in the same script run; prints wall time and keys/s.
#
#   bench/reshard.sh                       (ports 25200-25202; override with BASE_PORT=...)
#   KEYS=1000000 PIPELINE=10 bench/reshard.sh
#   RUNS="ours:hashslot ours:redis redis-cli:redis" bench/reshard.sh   (tool:nodes pairs; default all four:
#                                           ours:hashslot redis-cli:hashslot ours:redis redis-cli:redis)
#
# The keys (16-byte values) are spread evenly over slots 0-999 with hash tags, loaded into the first master with
# redis-cli --pipe, then slots 0-999 are resharded to the second master. Needs redis-server, redis-cli, python3,
# Java 17 + Maven (for bin/hashslot-cli and bin/hashslot-server). Everything runs on 127.0.0.1 and is stopped at
# the end. The wall time of our tool includes its JVM start.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BASE_PORT="${BASE_PORT:-25200}"
KEYS="${KEYS:-1000000}"
PIPELINE="${PIPELINE:-10}"
RUNS="${RUNS:-ours:hashslot redis-cli:hashslot ours:redis redis-cli:redis}"
WORK="$(mktemp -d /tmp/reshard-bench-XXXXXX)"

for tool in redis-server redis-cli python3 ss; do
  command -v "$tool" >/dev/null || { echo "reshard.sh: $tool not found" >&2; exit 1; }
done

stop_nodes() {
  for p in $(seq "$BASE_PORT" $((BASE_PORT + 2))); do
    redis-cli -p "$p" shutdown nosave >/dev/null 2>&1 || true
  done
  for p in $(seq "$BASE_PORT" $((BASE_PORT + 2))); do
    for _ in $(seq 1 100); do ss -ltn "sport = :$p" | grep -q LISTEN || break; sleep 0.1; done
  done
}

cleanup() {
  stop_nodes
  rm -rf "$WORK"
}
trap cleanup EXIT

start_node() { # port kind
  local port=$1 kind=$2 dir="$WORK/$1"
  rm -rf "$dir"
  mkdir -p "$dir"
  if [ "$kind" = hashslot ]; then
    "$ROOT/bin/hashslot-server" --port "$port" --cluster-enabled yes --save "" --dir "$dir" --daemonize yes \
      --logfile "$dir/log"
  else
    redis-server --port "$port" --cluster-enabled yes --save "" --appendonly no --dir "$dir" --daemonize yes \
      --logfile "$dir/log"
  fi
  # wait for the log line, not by connecting: repeated connects to a port not yet listening can connect the
  # socket to itself when the port lies in the ephemeral range, and then the node cannot bind it
  for _ in $(seq 1 600); do
    grep -q "Ready to accept connections" "$dir/log" 2>/dev/null && redis-cli -p "$port" ping >/dev/null 2>&1 \
      && return 0
    sleep 0.1
  done
  echo "reshard.sh: node on port $port did not start; its log:" >&2; tail -5 "$dir/log" >&2; exit 1
}

# The load: KEYS SETs spread over slots 0-999 (one hash tag per slot), as RESP for redis-cli --pipe.
python3 - "$KEYS" > "$WORK/load.resp" <<'PY'
import sys
def crc16(data):
    crc = 0
    for b in data:
        crc ^= b << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) & 0xFFFF if crc & 0x8000 else (crc << 1) & 0xFFFF
    return crc
tags, n = {}, 0
while len(tags) < 1000:
    t = b"t%d" % n
    s = crc16(t) & 16383
    if s < 1000 and s not in tags:
        tags[s] = t
    n += 1
out = sys.stdout.buffer
keys = int(sys.argv[1])
for i in range(keys):
    k = b"{" + tags[i % 1000] + b"}:%d" % i
    v = b"value-%010d" % i
    out.write(b"*3\r\n$3\r\nSET\r\n$%d\r\n%s\r\n$%d\r\n%s\r\n" % (len(k), k, len(v), v))
PY

make_cluster() { # first-port kind tool...
  local first=$1 kind=$2; shift 2
  for p in $first $((first + 1)) $((first + 2)); do start_node "$p" "$kind"; done
  "$@" --cluster create "127.0.0.1:$first" "127.0.0.1:$((first + 1))" "127.0.0.1:$((first + 2))" --cluster-yes \
    >"$WORK/create.txt"
  until redis-cli -p "$first" cluster info | grep -q cluster_state:ok; do sleep 0.2; done
  redis-cli -p "$first" --pipe < "$WORK/load.resp" >/dev/null
  sleep 2
}

run_reshard() { # label first-port tool...
  local label=$1 first=$2; shift 2
  local from to start end keys
  from=$(redis-cli -p "$first" cluster myid)
  to=$(redis-cli -p $((first + 1)) cluster myid)
  keys=$(redis-cli -p "$first" dbsize)
  start=$(date +%s.%N)
  "$@" --cluster reshard "127.0.0.1:$first" --cluster-from "$from" --cluster-to "$to" --cluster-slots 1000 \
    --cluster-yes --cluster-pipeline "$PIPELINE" >"$WORK/reshard.txt"
  end=$(date +%s.%N)
  local moved
  moved=$(redis-cli -p $((first + 1)) dbsize)
  awk -v l="$label" -v s="$start" -v e="$end" -v k="$keys" -v m="$moved" \
    'BEGIN { t = e - s; printf "%-34s %9d keys moved (of %d) in %7.2f s  %10.0f keys/s\n", l, m, k, t, m / t }'
  grep -h "^Moved .* slots in " "$WORK/reshard.txt" | sed 's/^/    tool summary: /' || true
}

# Build the jar once, then run the tool straight from it: a source change during the run must not trigger a
# rebuild inside the timed part.
source "$ROOT/bin/hashslot-env.sh"
hashslot_ensure_jar
hs_cli() {
  (HASHSLOT_JAVA_OPTS="${HASHSLOT_CLI_OPTS:--XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto}" \
    hashslot_java io.hashslot.tools.cli.CliMain "$@")
}

echo "1000 slots, $KEYS keys, --cluster-pipeline $PIPELINE"
for run in $RUNS; do
  tool=${run%%:*}
  kind=${run#*:}
  case "$tool" in
    ours) cmd=hs_cli; name=hashslot-cli ;;
    redis-cli) cmd=redis-cli; name=redis-cli ;;
    *) echo "reshard.sh: unknown tool $tool in RUNS" >&2; exit 1 ;;
  esac
  case "$kind" in
    hashslot) nodes_label="Hashslot nodes" ;;
    redis) nodes_label="redis-server nodes" ;;
    *) echo "reshard.sh: unknown node kind $kind in RUNS" >&2; exit 1 ;;
  esac
  make_cluster "$BASE_PORT" "$kind" $cmd
  run_reshard "$name ($nodes_label)" "$BASE_PORT" $cmd
  stop_nodes
done
