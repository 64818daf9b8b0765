#!/usr/bin/env bash
# bench/bgsave.sh: BGSAVE without fork, measured. Hashslot and redis-server on this machine, same dataset.
#
#   bench/bgsave.sh                     (ports 31100/31101; override with HS_PORT=... REDIS_PORT=...)
#   KEYS=1000000 bench/bgsave.sh
#
# 1. $KEYS keys "key:%012d" -> "value:N" (the names redis-benchmark -r uses, so its SETs overwrite them) loaded
#    through redis-cli --pipe;
# 2. write stall: redis-benchmark SET on random keys of the dataset (1 client, no pipelining) runs once without
#    and once during a BGSAVE; its "max" latency is the longest a write waited (both runs are reported);
# 3. extra memory: Hashslot's own figure (peak of the snapshot's serialization buffer, from the log line
#    "Snapshot for RDB: ...") and the process RSS sampled every 20 ms during the BGSAVE, against RSS before it;
# 4. load time of the same $KEYS-key dump.rdb (written by Hashslot's SAVE): Hashslot restarted on it vs
#    redis-server started on it, each from its "DB loaded from disk: X seconds" log line.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
HS_PORT="${HS_PORT:-31100}"
REDIS_PORT="${REDIS_PORT:-31101}"
KEYS="${KEYS:-1000000}"
WORK="$(mktemp -d /tmp/hashslot-bgsave.XXXXXX)"
HS_PID=""
cleanup() {
  redis-cli -p "$HS_PORT" shutdown nosave >/dev/null 2>&1 || true
  redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
  sleep 0.5
  [ -n "$HS_PID" ] && kill "$HS_PID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

# shellcheck source=../bin/hashslot-env.sh
source "$ROOT/bin/hashslot-env.sh"
hashslot_ensure_jar

wait_pong() {
  for _ in $(seq 1 600); do
    redis-cli -p "$1" ping 2>/dev/null | grep -q PONG && return 0
    sleep 0.1
  done
  echo "bgsave.sh: no PONG on port $1" >&2
  exit 1
}
rss_kb() { awk '/VmRSS/ {print $2}' "/proc/$1/status"; }
start_hs() {
  java ${HASHSLOT_JAVA_OPTS:-} -jar "$HASHSLOT_JAR" server --port "$HS_PORT" --bind 127.0.0.1 --dir "$WORK" \
    --save "" --enable-debug-command yes --logfile "$WORK/hs.log" &
  HS_PID=$!
  wait_pong "$HS_PORT"
}
summary() { # prints redis-benchmark's latency summary (msec): avg min p50 p95 p99 max
  awk '/latency summary/ {getline; getline; print "avg " $1 ", p50 " $3 ", p99 " $5 ", max " $6; exit}'
}
fill() { # fill PORT
  awk -v n="$KEYS" 'BEGIN { for (i = 0; i < n; i++) { k = sprintf("key:%012d", i); v = "value:" i;
    printf "*3\r\n$3\r\nSET\r\n$%d\r\n%s\r\n$%d\r\n%s\r\n", length(k), k, length(v), v } }' \
    | redis-cli -p "$1" --pipe >/dev/null
}
# stall PORT LABEL: SET latency during a BGSAVE started 0.3 s into the run
stall() {
  local port=$1 label=$2 pid=${3:-}
  ( redis-benchmark -p "$port" -t set -r "$KEYS" -n "$N" -c 1 -P 1 2>/dev/null | tr '\r' '\n' \
      | summary > "$WORK/during" ) &
  local bench=$!
  sleep 0.3
  local start end
  start=$(date +%s%3N)
  redis-cli -p "$port" bgsave >/dev/null
  peak=0
  while redis-cli -p "$port" info persistence | grep -q 'rdb_bgsave_in_progress:1'; do
    if [ -n "$pid" ]; then r=$(rss_kb "$pid"); [ "$r" -gt "$peak" ] && peak=$r; fi
    sleep 0.02
  done
  end=$(date +%s%3N)
  wait "$bench"
  echo "$label: BGSAVE took $(( end - start )) ms; SET latency during it (ms): $(cat "$WORK/during")"
}

start_hs
fill "$HS_PORT"
echo "dataset: $(redis-cli -p "$HS_PORT" dbsize) keys"
N=$(( KEYS / 10 ))
echo "Hashslot: SET latency without BGSAVE (ms): $(redis-benchmark -p "$HS_PORT" -t set -r "$KEYS" -n "$N" -c 1 \
  -P 1 2>/dev/null | tr '\r' '\n' | summary)   ($N requests, 1 client)"
rss_before=$(rss_kb "$HS_PID")
stall "$HS_PORT" "Hashslot" "$HS_PID"
grep -o 'Snapshot for RDB: .*' "$WORK/hs.log" | tail -1
echo "RSS before BGSAVE: $(( rss_before / 1024 )) MB, peak during: $(( peak / 1024 )) MB" \
  "(+$(( (peak - rss_before) / 1024 )) MB)"
grep -q 'rdb_last_bgsave_status:ok' <(redis-cli -p "$HS_PORT" info persistence) || { echo "BGSAVE failed"; exit 1; }

redis-cli -p "$HS_PORT" save >/dev/null
ls -l "$WORK/dump.rdb" | awk '{print "dump.rdb: " $5 " bytes"}'
redis-cli -p "$HS_PORT" shutdown nosave >/dev/null 2>&1 || true
wait "$HS_PID" 2>/dev/null || true
start_hs
echo "Hashslot: $(grep -o 'DB loaded from disk: .*' "$WORK/hs.log" | tail -1), keys: $(redis-cli -p "$HS_PORT" dbsize)"
redis-cli -p "$HS_PORT" shutdown nosave >/dev/null 2>&1 || true
wait "$HS_PID" 2>/dev/null || true
HS_PID=""
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --dir "$WORK" --save "" --logfile "$WORK/redis.log" \
  --daemonize yes >/dev/null
wait_pong "$REDIS_PORT"
echo "redis-server: $(grep -o 'DB loaded from disk: .*' "$WORK/redis.log" | tail -1)," \
  "keys: $(redis-cli -p "$REDIS_PORT" dbsize)"
echo "redis-server: SET latency without BGSAVE (ms): $(redis-benchmark -p "$REDIS_PORT" -t set -r "$KEYS" -n "$N" \
  -c 1 -P 1 2>/dev/null | tr '\r' '\n' | summary)"
stall "$REDIS_PORT" "redis-server (fork)"
grep -o 'Fork CoW for RDB: .*' "$WORK/redis.log" | tail -1 || true
