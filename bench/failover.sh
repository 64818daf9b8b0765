#!/usr/bin/env bash
# bench/failover.sh: how fast a 3-master/3-replica cluster recovers from a master killed with SIGKILL, Hashslot
# and redis-server 7.0 side by side in the same run, at the same cluster-node-timeout.
#
#   bench/failover.sh                      (RUNS=5 per system and timeout, TIMEOUTS="5000 1000", ports 25300-25305)
#   RUNS=3 TIMEOUTS=1000 BASE_PORT=26000 bench/failover.sh
#   KEEP=1 NODE_ARGS="--loglevel debug" RUNS=1 bench/failover.sh   (keeps the last run's node logs)
#
# Each run starts six fresh nodes as separate processes (redis-server, or the Hashslot jar), creates the cluster
# with redis-cli --cluster create --cluster-replicas 1, waits until every replica's link is up, then kill -9's the
# master of slot 0 and polls every node every 5 ms. Figures, in milliseconds from the kill:
#   fail      the replica of the killed master flags it FAIL in CLUSTER NODES
#   promoted  the replica answers ROLE with "master"
#   writable  a SET of a key in the killed master's slots, sent to the replica, answers +OK
#   all ok    every surviving node reports cluster_state:ok and shows the replica as a master
# The runs of the two systems alternate; the table gives the median and the range of each figure.
# Needs redis-server, redis-cli, python3, Java 17 + Maven (the jar is built once and copied, so a source change
# during the run does not rebuild it).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BASE_PORT="${BASE_PORT:-25300}"
RUNS="${RUNS:-5}"
TIMEOUTS="${TIMEOUTS:-5000 1000}"
WORK="$(mktemp -d /tmp/failover-bench-XXXXXX)"

for tool in redis-server redis-cli python3; do
  command -v "$tool" >/dev/null || { echo "failover.sh: $tool not found" >&2; exit 1; }
done

stop_nodes() {
  for p in $(seq "$BASE_PORT" $((BASE_PORT + 5))); do
    redis-cli -p "$p" shutdown nosave >/dev/null 2>&1 || true
  done
  for p in $(seq "$BASE_PORT" $((BASE_PORT + 5))); do
    while redis-cli -p "$p" ping >/dev/null 2>&1; do sleep 0.1; done
  done
}
cleanup() { stop_nodes; if [ -n "${KEEP:-}" ]; then echo "kept $WORK"; else rm -rf "$WORK"; fi; }
trap cleanup EXIT

source "$ROOT/bin/hashslot-env.sh"
hashslot_ensure_jar
cp "$HASHSLOT_JAR" "$WORK/hashslot.jar"

start_node() { # kind port timeout
  local kind=$1 port=$2 timeout=$3 dir="$WORK/run/$2"
  mkdir -p "$dir"
  local args=(--port "$port" --cluster-enabled yes --cluster-node-timeout "$timeout" --save "" --appendonly no
    --dir "$dir" --logfile "$dir/log" --daemonize yes ${NODE_ARGS:-})
  if [ "$kind" = hashslot ]; then
    java -XX:+UseParallelGC -Xss2m --add-opens java.base/java.nio=ALL-UNNAMED -XX:+IgnoreUnrecognizedVMOptions \
      --enable-native-access=ALL-UNNAMED -cp "$WORK/hashslot.jar" io.hashslot.server.ServerMain "${args[@]}"
  else
    redis-server "${args[@]}"
  fi
}

wait_for() { # seconds command...
  local limit=$(( $1 * 10 )); shift
  for _ in $(seq 1 "$limit"); do "$@" && return 0; sleep 0.1; done
  echo "failover.sh: timed out waiting for: $*" >&2; return 1
}
pong() { redis-cli -p "$1" ping >/dev/null 2>&1; }
all_ok() {
  for p in $(seq "$BASE_PORT" $((BASE_PORT + 5))); do
    redis-cli -p "$p" cluster info 2>/dev/null | grep -q cluster_state:ok || return 1
  done
}
links_up() {
  [ "$(for p in $(seq "$BASE_PORT" $((BASE_PORT + 5))); do redis-cli -p "$p" info replication; done \
    | grep -c master_link_status:up)" = 3 ]
}

cat > "$WORK/measure.py" <<'PY'
import os, signal, socket, sys, time

base = int(sys.argv[1])
ports = list(range(base, base + 6))

def crc16(data):
    crc = 0
    for b in data:
        crc ^= b << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) & 0xFFFF if crc & 0x8000 else (crc << 1) & 0xFFFF
    return crc

class Conn:
    def __init__(self, port):
        self.s = socket.create_connection(("127.0.0.1", port), timeout=0.5)
        self.f = self.s.makefile("rb")
    def call(self, *args):
        out = b"*%d\r\n" % len(args)
        for a in args:
            a = a if isinstance(a, bytes) else str(a).encode()
            out += b"$%d\r\n%s\r\n" % (len(a), a)
        self.s.sendall(out)
        return self.read()
    def read(self):
        line = self.f.readline()
        if not line:
            raise ConnectionError("closed")
        t, rest = line[:1], line[1:-2]
        if t in (b"+", b"-"):
            return (t + rest).decode()
        if t == b":":
            return int(rest)
        if t == b"$":
            n = int(rest)
            if n < 0:
                return None
            data = self.f.read(n + 2)[:-2]
            return data.decode()
        if t == b"*":
            return [self.read() for _ in range(int(rest))]
        raise ValueError(line)

conns = {p: Conn(p) for p in ports}
nodes = {}  # id -> (port, flags, master_id, slots)
for line in conns[ports[0]].call("CLUSTER", "NODES").splitlines():
    f = line.split()
    port = int(f[1].split("@")[0].split(":")[1])
    nodes[f[0]] = (port, f[2], f[3], f[8:])
victim_id = next(i for i, n in nodes.items() if "master" in n[1] and any(s.split("-")[0] == "0" for s in n[3]))
victim_port = nodes[victim_id][0]
replica_id = next(i for i, n in nodes.items() if n[2] == victim_id)
replica_port = nodes[replica_id][0]
key = next(k for k in ("fo-%d" % i for i in range(100000)) if crc16(k.encode()) & 16383 < 100)
pid = int(next(l.split(":")[1] for l in conns[victim_port].call("INFO", "server").splitlines()
               if l.startswith("process_id:")))
survivors = [p for p in ports if p != victim_port]
conns.pop(victim_port).s.close()

t0 = time.monotonic()
os.kill(pid, signal.SIGKILL)
ms = lambda: int((time.monotonic() - t0) * 1000)
fail = promoted = writable = all_ok = None
while all_ok is None or writable is None:
    if ms() > 120000:
        break
    r = conns[replica_port]
    try:
        if fail is None:
            for line in r.call("CLUSTER", "NODES").splitlines():
                f = line.split()
                if f[0] == victim_id and "fail" in f[2].split(","):
                    fail = ms()
        if promoted is None and r.call("ROLE")[0] == "master":
            promoted = ms()
        if promoted is not None and writable is None:
            reply = r.call("SET", key, "v")
            if reply == "+OK":
                writable = ms()
            elif os.environ.get("VERBOSE"):
                print("%d ms: SET -> %s" % (ms(), reply), file=sys.stderr)
        if promoted is not None and all_ok is None:
            ok = True
            for p in survivors:
                c = conns[p]
                if "cluster_state:ok" not in c.call("CLUSTER", "INFO"):
                    ok = False
                    break
                line = next(l for l in c.call("CLUSTER", "NODES").splitlines() if l.startswith(replica_id))
                if "master" not in line.split()[2].split(","):
                    ok = False
                    break
            if ok:
                all_ok = ms()
    except (OSError, ConnectionError) as e:
        print("poll error: %s" % e, file=sys.stderr)
    time.sleep(0.005)
show = lambda v: "timeout" if v is None else str(v)
print(show(fail), show(promoted), show(writable), show(all_ok))
PY

echo "failover.sh: $RUNS runs per system and node timeout; milliseconds from kill -9 of a master"
for timeout in $TIMEOUTS; do
  for run in $(seq 1 "$RUNS"); do
    for kind in redis hashslot; do
      rm -rf "$WORK/run"; [ -n "${KEEP:-}" ] && [ -d "$WORK/last-$kind" ] && rm -rf "$WORK/last-$kind"
      for p in $(seq "$BASE_PORT" $((BASE_PORT + 5))); do start_node "$kind" "$p" "$timeout"; done
      for p in $(seq "$BASE_PORT" $((BASE_PORT + 5))); do wait_for 60 pong "$p"; done
      hosts=$(for p in $(seq "$BASE_PORT" $((BASE_PORT + 5))); do printf '127.0.0.1:%s ' "$p"; done)
      # shellcheck disable=SC2086
      redis-cli --cluster create $hosts --cluster-replicas 1 --cluster-yes >"$WORK/create.txt"
      wait_for 60 all_ok
      wait_for 60 links_up
      sleep 1
      figures=$(python3 "$WORK/measure.py" "$BASE_PORT")
      echo "$timeout $kind $run $figures" | tee -a "$WORK/results.txt"
      stop_nodes
      [ -n "${KEEP:-}" ] && cp -r "$WORK/run" "$WORK/last-$kind"
    done
  done
done

python3 - "$WORK/results.txt" <<'PY'
import sys, statistics
rows = [l.split() for l in open(sys.argv[1])]
print()
print("| node timeout | system | fail (ms) | promoted (ms) | writable (ms) | all ok (ms) | runs |")
print("|---|---|---|---|---|---|---|")
for timeout in dict.fromkeys(r[0] for r in rows):
    for kind in ("redis", "hashslot"):
        sel = [r for r in rows if r[0] == timeout and r[1] == kind]
        cells = []
        for col in range(3, 7):
            vals = [int(r[col]) for r in sel if r[col] != "timeout"]
            lost = len(sel) - len(vals)
            cell = "%d (%d-%d)" % (statistics.median(vals), min(vals), max(vals)) if vals else "-"
            cells.append(cell + (" %d timeouts" % lost if lost else ""))
        name = "redis-server 7.0" if kind == "redis" else "Hashslot"
        print("| %s | %s | %s | %d |" % (timeout, name, " | ".join(cells), len(sel)))
PY
