#!/usr/bin/env bash
# bench/compare.sh: Hashslot vs redis-server on this machine, in the same run.
#
#   bench/compare.sh                    (ports 25100/25101; override with HS_PORT=... REDIS_PORT=...)
#   REQUESTS=200000 CLIENTS=50 KEYS=1000000 ROUNDS=3 WARMUP=1 bench/compare.sh
#
# 1. launch to first PONG for each server;
# 2. redis-benchmark -t set,get,incr,lpush,mset -c $CLIENTS with -P 1 (-n $REQUESTS) and -P 16 (-n 10 x $REQUESTS,
#    so a run lasts about as long as a -P 1 run), one test per run, so a command Hashslot lacks shows as N/A (with
#    the server's error) instead of stopping the script. With WARMUP=1 (default) every test runs once on each
#    server before anything is recorded (the JVM compiles its hot paths; redis-server needs no warm-up, and gets
#    the same pass). Then $ROUNDS rounds, the two servers taking turns to go first; the table shows the median
#    requests/s of the rounds and the ratio of the medians, and "runs" lists each round's ratio;
# 3. memory per key: RSS (/proc/PID/status VmRSS) and INFO memory used_memory before and after loading $KEYS keys
#    with 16-byte names ("k:" + 14 digits) and 3-byte values ("val") through redis-cli --pipe.
# Needs redis-server, redis-cli, redis-benchmark (Debian: redis-server, redis-tools) and Java 17 + Maven to build
# dist/target/hashslot.jar (built if missing or stale). Everything runs on 127.0.0.1 and is stopped at the end.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
HS_PORT="${HS_PORT:-25100}"
REDIS_PORT="${REDIS_PORT:-25101}"
REQUESTS="${REQUESTS:-200000}"
CLIENTS="${CLIENTS:-50}"
KEYS="${KEYS:-1000000}"
ROUNDS="${ROUNDS:-3}"
WARMUP="${WARMUP:-1}"
TESTS=(set get incr lpush mset)
PIPELINES=(1 16)

for tool in redis-server redis-cli redis-benchmark java awk; do
  command -v "$tool" >/dev/null || { echo "compare.sh: $tool not found" >&2; exit 1; }
done
for port in "$HS_PORT" "$REDIS_PORT"; do
  if redis-cli -p "$port" ping >/dev/null 2>&1; then
    echo "compare.sh: something already answers on port $port; choose another (HS_PORT / REDIS_PORT)" >&2
    exit 1
  fi
done

WORK="$(mktemp -d /tmp/hashslot-bench.XXXXXX)"
HS_PID=""
REDIS_PID=""
cleanup() {
  [ -n "$HS_PID" ] && { redis-cli -p "$HS_PORT" shutdown nosave >/dev/null 2>&1 || true; }
  [ -n "$REDIS_PID" ] && { redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true; }
  sleep 0.5
  for pid in $HS_PID $REDIS_PID; do
    kill "$pid" 2>/dev/null || true
  done
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

# Build the jar first so launch timing does not include a build.
# shellcheck source=../bin/hashslot-env.sh
source "$ROOT/bin/hashslot-env.sh"
hashslot_ensure_jar

now_ms() { date +%s%3N; }

# wait_pong PORT PID -> prints milliseconds from $LAUNCH to the first PONG
wait_pong() {
  local port=$1 pid=$2 deadline=$(( $(now_ms) + 60000 ))
  while [ "$(now_ms)" -lt "$deadline" ]; do
    if [ "$(redis-cli -p "$port" ping 2>/dev/null)" = "PONG" ]; then
      echo $(( $(now_ms) - LAUNCH ))
      return 0
    fi
    kill -0 "$pid" 2>/dev/null || { echo "server on port $port exited" >&2; return 1; }
    sleep 0.005
  done
  echo "no PONG from port $port in 60 s" >&2
  return 1
}

mkdir -p "$WORK/hs" "$WORK/redis"
LAUNCH=$(now_ms)
(cd "$WORK/hs" && exec "$ROOT/bin/hashslot-server" --port "$HS_PORT" --bind 127.0.0.1 --save "" \
  --appendonly no --logfile "$WORK/hs/node.log") &
HS_PID=$!
HS_START_MS=$(wait_pong "$HS_PORT" "$HS_PID")

LAUNCH=$(now_ms)
(cd "$WORK/redis" && exec redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no \
  --logfile "$WORK/redis/redis.log") &
REDIS_PID=$!
REDIS_START_MS=$(wait_pong "$REDIS_PORT" "$REDIS_PID")

# probe PORT TEST -> empty when the server runs the test's command, else its error
probe() {
  local port=$1 reply
  case $2 in
    set) reply=$(redis-cli -p "$port" set __probe v 2>&1) ;;
    get) reply=$(redis-cli -p "$port" get __probe 2>&1) ;;
    incr) reply=$(redis-cli -p "$port" incr __probe_counter 2>&1) ;;
    lpush) reply=$(redis-cli -p "$port" lpush __probe_list a 2>&1) ;;
    mset) reply=$(redis-cli -p "$port" mset __probe_a 1 __probe_b 2 2>&1) ;;
  esac
  case $reply in
    ERR*|WRONGTYPE*|NOAUTH*|"Could not connect"*) echo "$reply" ;;
  esac
}

# bench PORT TEST PIPELINE -> requests per second, or "N/A: reason"
bench() {
  local port=$1 test=$2 pipeline=$3 err out rps
  err=$(probe "$port" "$test")
  if [ -n "$err" ]; then
    echo "N/A: ${err%%, with args*}"
    return
  fi
  local n=$REQUESTS
  [ "$pipeline" -gt 1 ] && n=$((REQUESTS * 10))
  out=$(redis-benchmark -h 127.0.0.1 -p "$port" -t "$test" -n "$n" -c "$CLIENTS" -P "$pipeline" --csv \
    2>"$WORK/bench.err" || true)
  rps=$(printf '%s\n' "$out" | awk -F'","' 'NR > 1 && NF > 1 { print $2; exit }')
  if [ -z "$rps" ]; then
    err=$(grep -m1 -v '^WARNING' "$WORK/bench.err" || true)
    echo "N/A: ${err:-no result}" | cut -c1-70
  elif grep -q '^Error from server' "$WORK/bench.err"; then
    err=$(grep -m1 '^Error from server' "$WORK/bench.err")
    echo "N/A: ${err%%, with args*}"
  else
    echo "$rps"
  fi
}

# median of the numbers given (N/A if any is N/A)
median() {
  if printf '%s\n' "$@" | grep -q '^N/A'; then
    echo "N/A"
  else
    printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END {
      if (NR % 2) print v[(NR + 1) / 2]; else printf "%.2f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
  fi
}

REV=$(cd "$ROOT" && git rev-parse --short HEAD 2>/dev/null || echo '?')
echo "Hashslot $REV vs redis-server $(redis-server --version | awk '{print $3}') on $(nproc) cores;" \
  "requests=$REQUESTS (x10 with -P 16) clients=$CLIENTS rounds=$ROUNDS warmup=$WARMUP"
if [ "$WARMUP" = 1 ]; then
  for pipeline in "${PIPELINES[@]}"; do
    for test in "${TESTS[@]}"; do
      bench "$HS_PORT" "$test" "$pipeline" >/dev/null
      bench "$REDIS_PORT" "$test" "$pipeline" >/dev/null
    done
  done
fi
echo
printf '%-8s %-4s %14s %14s %8s  %s\n' "test" "-P" "hashslot rps" "redis rps" "ratio" "runs"
printf '%-8s %-4s %14s %14s %8s  %s\n' "--------" "----" "--------------" "--------------" "--------" "----"
declare -a NOTES=()
for pipeline in "${PIPELINES[@]}"; do
  for test in "${TESTS[@]}"; do
    hs_runs=()
    rd_runs=()
    runs=""
    for round in $(seq 1 "$ROUNDS"); do
      redis-cli -p "$HS_PORT" flushall >/dev/null 2>&1 || true
      redis-cli -p "$REDIS_PORT" flushall >/dev/null 2>&1 || true
      if [ $((round % 2)) = 1 ]; then
        hs=$(bench "$HS_PORT" "$test" "$pipeline")
        rd=$(bench "$REDIS_PORT" "$test" "$pipeline")
      else
        rd=$(bench "$REDIS_PORT" "$test" "$pipeline")
        hs=$(bench "$HS_PORT" "$test" "$pipeline")
      fi
      hs_runs+=("$hs")
      rd_runs+=("$rd")
      if [[ $hs != N/A* && $rd != N/A* ]]; then
        runs+="$(awk -v a="$hs" -v b="$rd" 'BEGIN { printf "%.2f", a / b }') "
      fi
    done
    hs=$(median "${hs_runs[@]}")
    rd=$(median "${rd_runs[@]}")
    ratio="-"
    if [[ $hs == N/A ]]; then
      NOTES+=("$test -P $pipeline on Hashslot: $(printf '%s\n' "${hs_runs[@]}" | grep -m1 '^N/A' | sed 's/^N\/A: //')")
    fi
    if [[ $rd == N/A ]]; then
      NOTES+=("$test -P $pipeline on redis-server: $(printf '%s\n' "${rd_runs[@]}" | grep -m1 '^N/A' | sed 's/^N\/A: //')")
    fi
    if [[ $hs != N/A && $rd != N/A ]]; then
      ratio=$(awk -v a="$hs" -v b="$rd" 'BEGIN { printf "%.2f", a / b }')
    fi
    printf '%-8s %-4s %14s %14s %8s  %s\n' "$test" "$pipeline" "$hs" "$rd" "$ratio" "$runs"
  done
done
for n in "${NOTES[@]}"; do
  echo "  N/A: $n"
done

rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; }
used_memory() {
  local v
  v=$(redis-cli -p "$1" info memory 2>/dev/null | tr -d '\r' | awk -F: '$1 == "used_memory" { print $2 }')
  echo "${v:-N/A}"
}

# the server's pid (bin/hashslot-server execs java, so the launched pid is the JVM's)
KEYFILE="$WORK/keys.resp"
awk -v n="$KEYS" 'BEGIN { for (i = 0; i < n; i++) printf "*3\r\n$3\r\nSET\r\n$16\r\nk:%014d\r\n$3\r\nval\r\n", i }' \
  > "$KEYFILE"

echo
echo "Memory: $KEYS keys, 16-byte names, 3-byte values"
printf '%-10s %12s %12s %14s %14s %12s %12s %10s\n' "server" "rss before" "rss after" "used before" "used after" \
  "rss B/key" "used B/key" "dbsize"
for name in hashslot redis; do
  if [ $name = hashslot ]; then port=$HS_PORT; pid=$HS_PID; else port=$REDIS_PORT; pid=$REDIS_PID; fi
  redis-cli -p "$port" flushall >/dev/null
  sleep 1
  rss0=$(rss_kb "$pid"); used0=$(used_memory "$port")
  pipe_out=$(redis-cli -p "$port" --pipe < "$KEYFILE" 2>&1 | tail -1)
  sleep 1
  rss1=$(rss_kb "$pid"); used1=$(used_memory "$port")
  dbsize=$(redis-cli -p "$port" dbsize)
  rss_per=$(awk -v a="$rss0" -v b="$rss1" -v n="$KEYS" 'BEGIN { printf "%.1f", (b - a) * 1024 / n }')
  if [[ $used0 == N/A || $used1 == N/A ]]; then
    used_per="N/A"
  else
    used_per=$(awk -v a="$used0" -v b="$used1" -v n="$KEYS" 'BEGIN { printf "%.1f", (b - a) / n }')
  fi
  printf '%-10s %10s kB %10s kB %14s %14s %12s %12s %10s\n' "$name" "$rss0" "$rss1" "$used0" "$used1" \
    "$rss_per" "$used_per" "$dbsize"
  [[ $pipe_out == *"errors: 0"* ]] || echo "  $name --pipe: $pipe_out"
done
[[ $(used_memory "$HS_PORT") == N/A ]] && echo "  used_memory N/A on Hashslot: INFO memory not answered"

echo
echo "Launch to first PONG: hashslot ${HS_START_MS} ms (bin/hashslot-server, JVM start included)," \
  "redis-server ${REDIS_START_MS} ms"
