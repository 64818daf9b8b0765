#!/usr/bin/env bash
# bench/replication.sh: replication figures of Hashslot next to redis-server, measured in the same run.
#
#   bench/replication.sh                       (ports 25200..25203; BASE_PORT=... to move them)
#   KEYS=1000000 VALUE_SIZE=32 REQUESTS=300000 CLIENTS=50 bench/replication.sh
#
# 1. Full sync: $KEYS string keys (16-byte names, $VALUE_SIZE-byte values) are loaded into each master with
#    redis-cli --pipe; then REPLICAOF is sent to an empty replica of the same kind and the time is taken until the
#    replica reports master_link_status:up with DBSIZE = $KEYS. Hashslot -> Hashslot and redis-server ->
#    redis-server, both with repl-diskless-sync yes (the 7.0 default) and repl-diskless-sync-delay 0, then both
#    with repl-diskless-sync no ($len transfer).
# 2. Lag under load: while redis-benchmark -t set,lpush,incr -n $REQUESTS -c $CLIENTS runs against each master,
#    a probe writes a fresh key on the master every 100 ms and times how long until the replica has it (over
#    bash /dev/tcp sockets, no process per probe), and samples master_repl_offset - slave_repl_offset.
#    Reported: probe median / p99 / max in ms, the largest offset gap in bytes, and the time the replica needed
#    to catch up after the benchmark ended.
# Needs redis-server, redis-cli, redis-benchmark, bash >= 5 and Java 17 + Maven to build dist/target/hashslot.jar.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BASE_PORT="${BASE_PORT:-25200}"
KEYS="${KEYS:-1000000}"
VALUE_SIZE="${VALUE_SIZE:-32}"
REQUESTS="${REQUESTS:-300000}"
CLIENTS="${CLIENTS:-50}"
HS_M=$BASE_PORT HS_R=$((BASE_PORT + 1)) RD_M=$((BASE_PORT + 2)) RD_R=$((BASE_PORT + 3))

for tool in redis-server redis-cli redis-benchmark java awk; do
  command -v "$tool" >/dev/null || { echo "replication.sh: $tool not found" >&2; exit 1; }
done
for port in $HS_M $HS_R $RD_M $RD_R; do
  if redis-cli -p "$port" ping >/dev/null 2>&1; then
    echo "replication.sh: something already answers on port $port; choose another BASE_PORT" >&2
    exit 1
  fi
done

WORK="$(mktemp -d /tmp/hashslot-repl-bench.XXXXXX)"
PIDS=()
cleanup() {
  for port in $HS_M $HS_R $RD_M $RD_R; do
    redis-cli -p "$port" shutdown nosave >/dev/null 2>&1 || true
  done
  sleep 0.5
  for pid in "${PIDS[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

# shellcheck source=../bin/hashslot-env.sh
source "$ROOT/bin/hashslot-env.sh"
hashslot_ensure_jar

now_ms() { echo $(( ${EPOCHREALTIME/./} / 1000 )); }
field() { redis-cli -p "$1" info replication | tr -d '\r' | awk -F: -v f="$2" '$1 == f { print $2 }'; }

wait_pong() {
  local port=$1 deadline=$(( $(now_ms) + 60000 ))
  until [ "$(redis-cli -p "$port" ping 2>/dev/null)" = "PONG" ]; do
    [ "$(now_ms)" -lt "$deadline" ] || { echo "no PONG from port $port" >&2; exit 1; }
    sleep 0.02
  done
}

start_hs() { # port
  mkdir -p "$WORK/$1"
  (cd "$WORK/$1" && exec "$ROOT/bin/hashslot-server" --port "$1" --bind 127.0.0.1 --save "" --appendonly no \
    --repl-diskless-sync-delay 0 --logfile "$WORK/$1/node.log") &
  PIDS+=($!)
}
start_redis() { # port
  mkdir -p "$WORK/$1"
  (cd "$WORK/$1" && exec redis-server --port "$1" --bind 127.0.0.1 --save "" --appendonly no \
    --repl-diskless-sync-delay 0 --dir "$WORK/$1" --logfile "$WORK/$1/redis.log") &
  PIDS+=($!)
}

start_hs $HS_M; start_hs $HS_R; start_redis $RD_M; start_redis $RD_R
for port in $HS_M $HS_R $RD_M $RD_R; do wait_pong "$port"; done

KEYFILE="$WORK/keys.resp"
VALUE=$(head -c "$VALUE_SIZE" /dev/zero | tr '\0' 'v')
awk -v n="$KEYS" -v v="$VALUE" 'BEGIN { for (i = 0; i < n; i++)
  printf "*3\r\n$3\r\nSET\r\n$16\r\nk:%014d\r\n$%d\r\n%s\r\n", i, length(v), v }' > "$KEYFILE"
for port in $HS_M $RD_M; do
  out=$(redis-cli -p "$port" --pipe < "$KEYFILE" 2>&1 | tail -1)
  [[ $out == *"errors: 0"* ]] || echo "  --pipe on $port: $out"
done

# full_sync MASTER REPLICA -> milliseconds from REPLICAOF to a linked replica holding every key
full_sync() {
  local m=$1 r=$2 t0 deadline
  redis-cli -p "$r" replicaof no one >/dev/null
  redis-cli -p "$r" flushall >/dev/null
  t0=$(now_ms)
  redis-cli -p "$r" replicaof 127.0.0.1 "$m" >/dev/null
  deadline=$(( t0 + 600000 ))
  while true; do
    if [ "$(field "$r" master_link_status)" = "up" ] && [ "$(redis-cli -p "$r" dbsize)" = "$KEYS" ]; then
      echo $(( $(now_ms) - t0 ))
      return
    fi
    [ "$(now_ms)" -lt "$deadline" ] || { echo "timeout"; return; }
    sleep 0.01
  done
}

REV=$(cd "$ROOT" && git rev-parse --short HEAD 2>/dev/null || echo '?')
echo "Hashslot $REV vs redis-server $(redis-server --version | awk '{print $3}') on $(nproc) cores"
echo
echo "Full sync of $KEYS keys (16-byte names, $VALUE_SIZE-byte values), REPLICAOF to replica holding all keys:"
printf '%-24s %14s %14s\n' "transfer" "hashslot ms" "redis ms"
for diskless in yes no; do
  redis-cli -p $HS_M config set repl-diskless-sync $diskless >/dev/null
  redis-cli -p $RD_M config set repl-diskless-sync $diskless >/dev/null
  hs=$(full_sync $HS_M $HS_R)
  rd=$(full_sync $RD_M $RD_R)
  label="diskless (\$EOF)"; [ $diskless = no ] && label="disk (\$len)"
  printf '%-24s %14s %14s\n' "$label" "$hs" "$rd"
done

# lag MASTER REPLICA -> one line of figures while redis-benchmark loads the master
lag() {
  local m=$1 r=$2 bpid i=0 t0 got maxgap=0 gap mo ro
  local -a probes=()
  redis-benchmark -h 127.0.0.1 -p "$m" -t set,lpush,incr -n "$REQUESTS" -c "$CLIENTS" -r 100000 -q \
    > "$WORK/bench-$m.txt" 2>&1 &
  bpid=$!
  exec 3<>"/dev/tcp/127.0.0.1/$m" 4<>"/dev/tcp/127.0.0.1/$r"
  while kill -0 "$bpid" 2>/dev/null; do
    i=$((i + 1))
    t0=${EPOCHREALTIME/./}
    printf 'SET lagprobe %s\r\n' "$i" >&3
    read -r _ <&3
    while true; do
      printf 'GET lagprobe\r\n' >&4
      read -r got <&4
      [ "${got%$'\r'}" = '$-1' ] && continue
      read -r got <&4
      [ "${got%$'\r'}" = "$i" ] && break
    done
    probes+=($(( ${EPOCHREALTIME/./} - t0 )))
    if (( i % 5 == 0 )); then
      mo=$(field "$m" master_repl_offset); ro=$(field "$r" slave_repl_offset)
      gap=$(( mo - ro )); (( gap > maxgap )) && maxgap=$gap
    fi
    sleep 0.1
  done
  t0=$(now_ms)
  while [ "$(field "$m" master_repl_offset)" != "$(field "$r" slave_repl_offset)" ]; do sleep 0.005; done
  local catchup=$(( $(now_ms) - t0 ))
  exec 3>&- 4>&-
  printf '%s\n' "${probes[@]}" | sort -n | awk -v gap="$maxgap" -v cu="$catchup" '
    { v[NR] = $1 }
    END {
      p99 = int(NR * 0.99 + 0.5); if (p99 < 1) p99 = 1
      printf "%8d %10.2f %10.2f %10.2f %12d %12d", NR, v[int((NR + 1) / 2)] / 1000, v[p99] / 1000, v[NR] / 1000,
        gap, cu
    }'
  echo
  sed 's/\r/\n/g' "$WORK/bench-$m.txt" | grep 'requests per second' | sed 's/^/    /'
}

for r in $HS_R $RD_R; do redis-cli -p "$r" replicaof no one >/dev/null; redis-cli -p "$r" flushall >/dev/null; done
for m in $HS_M $RD_M; do redis-cli -p "$m" flushall >/dev/null; done
redis-cli -p $HS_R replicaof 127.0.0.1 $HS_M >/dev/null
redis-cli -p $RD_R replicaof 127.0.0.1 $RD_M >/dev/null
for pair in "$HS_M $HS_R" "$RD_M $RD_R"; do
  set -- $pair
  until [ "$(field "$2" master_link_status)" = "up" ]; do sleep 0.05; done
done
echo
echo "Replication lag while redis-benchmark -t set,lpush,incr -n $REQUESTS -c $CLIENTS loads the master:"
printf '%-10s %8s %10s %10s %10s %12s %12s\n' "pair" "probes" "p50 ms" "p99 ms" "max ms" "max gap B" \
  "catch-up ms"
printf '%-10s ' "hashslot"; lag $HS_M $HS_R
printf '%-10s ' "redis"; lag $RD_M $RD_R
